import type { DataSource } from 'typeorm';
import type { ReadinessCheck } from './health.module';

export function postgresCheck(dataSource: DataSource): ReadinessCheck {
  return {
    name: 'postgres',
    check: async () => {
      await dataSource.query('SELECT 1');
    },
  };
}
