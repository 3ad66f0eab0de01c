import 'reflect-metadata';
import { runMigrationsCli } from '@eloquent/runtime';
import { loadRetrievalConfig } from './config';
import { retrievalDatabase } from './database/database';

/** `node dist/apps/retrieval/src/migrate.js`: applies pending migrations. */
runMigrationsCli('retrieval', () => retrievalDatabase(loadRetrievalConfig()));
