import 'reflect-metadata';
import { runService } from '@eloquent/runtime';
import { EmbeddingAppModule } from './app.module';
import { loadEmbeddingConfig } from './config';

runService(() => {
  const config = loadEmbeddingConfig();
  return { service: 'embedding', module: EmbeddingAppModule.forRoot(config), config, servesBus: true };
});
