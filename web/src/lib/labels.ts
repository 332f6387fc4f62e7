/** Words for the API's codes (the API's values stay what is sent). */
export const PROGRAM_LABELS: Record<string, string> = {
  ADULT: 'Adult',
  DISLOCATED_WORKER: 'Dislocated Worker',
  YOUTH: 'Youth',
  WAGNER_PEYSER: 'Wagner-Peyser',
  TAA: 'Trade Adjustment Assistance',
};
export const INTAKE_PROGRAMS = ['ADULT', 'DISLOCATED_WORKER', 'YOUTH'] as const;
export const PROGRAMS = Object.keys(PROGRAM_LABELS);

export const programLabel = (p: string): string => PROGRAM_LABELS[p] ?? p;

export const STATUSES = ['eligible', 'participating', 'exited', 'exited_exclusionary', 'completed'] as const;

export const STATUS_LABELS: Record<string, string> = {
  eligible: 'Eligible',
  participating: 'Participating',
  exited: 'Exited',
  exited_exclusionary: 'Exited (exclusionary)',
  completed: 'Completed',
};
export const statusLabel = (s: string): string => STATUS_LABELS[s] ?? s;

export const CLOCK_LABELS: Record<string, string> = {
  not_started: 'Not started',
  running: 'Running',
  blocked: 'Stopped (open service)',
  extended: 'Extended (planned break)',
  stopped: 'Stopped',
};
export const clockLabel = (s: string): string => CLOCK_LABELS[s] ?? s;

export const ALERT_LABELS: Record<string, string> = {
  exit_approaching: 'Exit approaching',
  open_activity_past_projected_end: 'Open activity past its projected end',
  future_activity_beyond_exit: 'Future activity beyond the exit',
  planned_break_return_passed: 'Planned break: return date passed',
  case_note_due: 'Case note due',
  followup_due_soon: 'Follow-up due soon',
  followup_overdue: 'Follow-up overdue',
  plan_objective_review_due: 'Plan objective review due',
  plan_goal_overdue: 'Plan goal overdue',
  plan_missing: 'Plan missing',
};
export const alertLabel = (t: string): string => ALERT_LABELS[t] ?? t.replace(/_/g, ' ');

export const COMPLETION_OPTIONS = [
  { value: 'successful', label: 'Successful' },
  { value: 'unsuccessful', label: 'Unsuccessful' },
  { value: 'other', label: 'Other' },
];
export const CONTACT_TYPES = [
  { value: 'phone', label: 'Phone' },
  { value: 'email', label: 'Email' },
  { value: 'text', label: 'Text message' },
  { value: 'in_person', label: 'In person' },
  { value: 'mail', label: 'Mail' },
  { value: 'other', label: 'Other' },
];
export const CONTACT_OUTCOMES = [
  { value: 'reached', label: 'Reached' },
  { value: 'no_answer', label: 'No answer' },
  { value: 'left_message', label: 'Left a message' },
  { value: 'wrong_number', label: 'Wrong number' },
  { value: 'returned_mail', label: 'Returned mail' },
  { value: 'other', label: 'Other' },
];
export const STATUSES_AT_FOLLOW_UP = [
  { value: 'cannot_locate', label: 'Cannot locate' },
  { value: 'not_employed', label: 'Not employed' },
  { value: 'in_education', label: 'In education' },
  { value: 'unable_to_work', label: 'Unable to work' },
  { value: 'declined_to_answer', label: 'Declined to answer' },
  { value: 'other', label: 'Other' },
];
export const BREAK_REASONS = [
  { value: 'training_delay', label: 'Training delay' },
  { value: 'education_break', label: 'Education break' },
  { value: 'other', label: 'Other' },
];
export const EXCLUSIONARY_REASONS = [
  { value: '01', label: '01 Institutionalized' },
  { value: '02', label: '02 Health/medical' },
  { value: '03', label: '03 Deceased' },
  { value: '04', label: '04 Reserve forces called to active duty' },
  { value: '05', label: '05 Foster care (Youth only)' },
];
