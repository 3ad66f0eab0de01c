import 'reflect-metadata';
import { runService } from '@eloquent/runtime';
import { ChatAppModule } from './app.module';
import { loadChatConfig } from './config';

runService(() => {
  const config = loadChatConfig();
  return { service: 'chat', module: ChatAppModule.forRoot(config), config, servesBus: true };
});
