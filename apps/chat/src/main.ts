import 'reflect-metadata';
import { runService } from '@eloquent/runtime';
import { AnswerService } from './answers/answer.service';
import { ChatAppModule } from './app.module';
import { loadChatConfig } from './config';

runService(() => {
  const config = loadChatConfig();
  return {
    service: 'chat',
    module: ChatAppModule.forRoot(config),
    config,
    servesBus: true,
    busConcurrency: config.BUS_CONCURRENCY,
    // chat.send is answered at once, but its answer keeps the replica busy.
    busLoad: (app) => {
      const answers = app.get(AnswerService);
      return () => answers.inProgress;
    },
  };
});
