/**
 * Pure domain layer of the WIOA case-lifecycle service (SPEC §2, §3, §5).
 *
 * Safe to import from Temporal workflow code: no Node built-ins, no clock, no randomness, no I/O.
 * "Now" is always a parameter.
 */
export * from './errors';
export * from './dates';
export * from './enums';
export * from './activity-codes';
export * from './activity-catalog';
export * from './exit-clock';
export * from './backdating';
export * from './activity-rules';
export * from './planned-breaks';
export * from './exits';
export * from './quarters';
export * from './follow-ups';
export * from './participants';
export * from './alerts';
export * from './timeliness';
export * from './assessment';
export * from './employment-plans';
