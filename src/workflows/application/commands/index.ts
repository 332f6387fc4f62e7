/** The application workflow's commands, by family (the workflow file only registers them). */
export * from './lifecycle';
export * from './service-activities';
export * from './planned-breaks';
export * from './case-management';
export * from './follow-ups';
export * from './alerts';
export * from './assessment';
export * from './plans';
export * from './corrections';
export * from './outcomes';
