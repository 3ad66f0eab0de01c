import 'reflect-metadata';
import { runMigrationsCli } from '@eloquent/runtime';
import { loadChatConfig } from './config';
import { chatDatabase } from './database/database';

/** `node dist/apps/chat/src/migrate.js`: applies pending migrations. */
runMigrationsCli('chat', () => chatDatabase(loadChatConfig()));
