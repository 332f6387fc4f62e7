import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ApplicationView } from '../workflows/application/contract';
import { createProjectionActivities } from './projection';

export interface ActivityDeps {
  db: Db;
  logger: Logger;
}

/** Activity factory: the worker registers what this returns; workflows `import type` it. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProjectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ApplicationView };
