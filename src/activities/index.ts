import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ApplicationView } from '../workflows/application/contract';
import { createProjectionActivities } from './projection';
import { type NotificationJobConfig, createNotificationActivities } from './notifications';

export interface ActivityDeps {
  db: Db;
  logger: Logger;
  /** The daily notifications job's settings (notificationJobConfig(config)); default: no e-mail. */
  notifications?: NotificationJobConfig;
  /**
   * Write the common batch with the database function `wioa_project_core` (one statement) instead of
   * the Prisma transaction (default true; the tests turn it off to compare the two paths).
   */
  projectionCore?: boolean;
}

/** Activity factory: the worker registers what this returns; workflows `import type` it. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProjectionActivities(deps),
    ...createNotificationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ApplicationView };
