/** R-UI-4: what a case's state lets a caller do; what it does not allow is not offered. Pure, unit-tested in test/web. */

/** The part of the application view this needs. */
export interface CaseState {
  status: string;
  closure: unknown;
}

/** The caller's role (GET /api/v1/me). */
export interface CallerRole {
  role: 'staff' | 'supervisor' | 'viewer';
}

/** What the case's state lets this caller do (R-UI-4: what it does not allow is not offered). */
export interface Allowed {
  any: boolean;
  participation: boolean;
  services: boolean;
  followUpCodesOnly: boolean;
  caseNotes: boolean;
  plannedBreak: boolean;
  closure: boolean;
  exclusionary: boolean;
  followUps: boolean;
  outcomes: boolean;
}

export function allowedCommands(view: CaseState, me: CallerRole | undefined): Allowed {
  const write = me?.role === 'staff' || me?.role === 'supervisor';
  const open = view.status !== 'completed' && view.status !== 'exited_exclusionary';
  const any = write && open;
  const participating = view.status === 'participating';
  const softExited = view.status === 'exited';
  return {
    any,
    participation: any && view.status === 'eligible',
    services: any && (participating || softExited),
    followUpCodesOnly: any && softExited,
    caseNotes: any && view.status !== 'eligible',
    plannedBreak: any && participating,
    closure: any && view.closure === null && (participating || softExited),
    exclusionary: any && participating,
    followUps: any && softExited,
    outcomes: any && (participating || softExited),
  };
}
