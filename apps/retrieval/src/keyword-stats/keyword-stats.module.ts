import { Module } from '@nestjs/common';
import { KeywordStatsStore } from './keyword-stats.store';

/** Keyword statistics in Postgres, for a keyword leg held outside the replicas (stateless mode). */
@Module({ providers: [KeywordStatsStore], exports: [KeywordStatsStore] })
export class KeywordStatsModule {}
