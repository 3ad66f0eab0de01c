export * from './database';
export * from './http-exception.filter';
export * from './start-service';
export * from './stack';
export * from './ensure-database';
export * from './transport-exception.filter';
export * from './service-core.module';
export * from './periodic-task';
