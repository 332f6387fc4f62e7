import type { ExitClockActivity } from '../../src/domain';

/** A closed activity; `restarts` defaults to true. */
export function closed(id: string, begin: string, end: string, restarts = true, code = '102'): ExitClockActivity {
  return { id, code, status: 'closed', actualBeginDate: begin, actualEndDate: end, restartsExitClock: restarts };
}

export function open(id: string, begin: string, restarts = true, code = '328'): ExitClockActivity {
  return { id, code, status: 'open', actualBeginDate: begin, restartsExitClock: restarts };
}

export function future(id: string, projectedBegin: string, restarts = true, code = '328'): ExitClockActivity {
  return { id, code, status: 'future', projectedBeginDate: projectedBegin, restartsExitClock: restarts };
}

export const LA = 'America/Los_Angeles';
