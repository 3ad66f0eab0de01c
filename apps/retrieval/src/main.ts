import 'reflect-metadata';
import { runService } from '@eloquent/runtime';
import { RetrievalAppModule } from './app.module';
import { loadRetrievalConfig } from './config';

runService(() => {
  const config = loadRetrievalConfig();
  return { service: 'retrieval', module: RetrievalAppModule.forRoot(config), config, servesBus: true };
});
