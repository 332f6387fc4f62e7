/**
 * What the import of legacy cases (R-IMP-1…3, src/api/services/case-import.ts) may use of the
 * application workflow: the state an imported case starts with, built by the workflow's own command
 * specs, and its first projection batch. The API reaches the workflow package only through its
 * contract files (lint: src/api and src/activities import `*contract.ts` only).
 */
export { ImportFieldError, importedCaseState } from './import-state';
export { batchWritten, takeBatch } from './outbox';
