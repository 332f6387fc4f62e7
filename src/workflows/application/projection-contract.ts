/**
 * The application workflow's projection contract: what the workflow owes PostgreSQL and the batch its
 * writer hands to the `persistApplication` activity. The workflow builds batches from its outbox
 * (./outbox.ts); the activities (src/activities) import these types with `import type` only.
 *
 * Every record kind is one entry of {@link RECORD_KINDS}: its rows wait in `state.outbox[kind]` and
 * travel in `batch[kind]`. A new kind of PII record is one more entry here, one `enqueue` in its
 * command, and its writer in the activity (docs/architecture.md).
 */
import type { Alert } from '../../domain/alerts';
import type { AssessmentSection, AssessmentSectionStatus } from '../../domain/assessment';
import type { IsoDate } from '../../domain/dates';
import type { ObjectiveStatus } from '../../domain/employment-plans';
import type { ApplicationView } from './contract';
import type { CredentialRecord, SkillGainRecord } from './outcomes-state';

/** A case note waiting to be written to PostgreSQL (PII: never in the view, memo or search attributes). */
export interface PendingCaseNote {
  id: string;
  activityId: string | null;
  contactDate: IsoDate;
  subject: string;
  body: string;
  createdBy: string;
  createdAt: string;
  /** R-TIMELY-1/2 (absent on notes recorded before timeliness existed). */
  enteredOn?: IsoDate;
  late?: boolean;
}

/** The free text of a change request (its reason, or a rejection's reason) waiting for PostgreSQL (PII). */
export interface PendingChangeRequestText {
  changeRequestId: string;
  kind: 'request' | 'rejection';
  text: string;
  by: string;
  at: string;
}

/** An audit entry waiting to be written: who did what, when (no PII in `summary`). */
export interface PendingAudit {
  commandId: string;
  command: string;
  actorId: string;
  actorRole: string;
  at: string;
  summary: Record<string, string | number | boolean | null>;
}

/**
 * §8 free text waiting to be written to PostgreSQL with the record it belongs to (PII like case
 * notes: never in the view, memo, search attributes or logs).
 */
export type PendingPlanRecord =
  | { kind: 'assessment_section'; section: AssessmentSection; status: AssessmentSectionStatus; summary: string; updatedAt: string; updatedBy: string }
  | { kind: 'goal_description'; planId: string; goalId: string; description: string }
  | { kind: 'objective_description'; planId: string; objectiveId: string; description: string }
  | {
      kind: 'objective_review';
      id: string;
      planId: string;
      objectiveId: string;
      reviewedOn: IsoDate;
      status: ObjectiveStatus;
      nextReviewDate: IsoDate | null;
      note: string;
      enteredOn: IsoDate;
      late: boolean;
      recordedBy: string;
      recordedAt: string;
    };

/** A credential row owed to PostgreSQL, with its documentation reference (PII). */
export interface PendingCredential extends CredentialRecord {
  documentationRef: string | null;
}
/** A skill-gain row owed to PostgreSQL, with its documentation reference (PII). */
export interface PendingSkillGain extends SkillGainRecord {
  documentationRef: string;
}

/** The rows of each record kind the workflow owes PostgreSQL (kept in the state, carried across continue-as-new). */
export interface OutboxRecords {
  caseNotes: PendingCaseNote[];
  audit: PendingAudit[];
  /** §8 plan text (assessment summaries, descriptions, review notes) (absent until the case has one). */
  planRecords?: PendingPlanRecord[];
  /** R-DCR-1/2 request and rejection reasons (absent until the case has one). */
  changeRequestTexts?: PendingChangeRequestText[];
  /** R-CRED-4 credential rows with their documentation references (absent until the case has one). */
  credentials?: PendingCredential[];
  /** R-MSG-1 skill-gain rows with their documentation references (absent until the case has one). */
  skillGains?: PendingSkillGain[];
}

export type RecordKind = keyof OutboxRecords;
export type RecordOf<K extends RecordKind> = NonNullable<OutboxRecords[K]>[number];

/**
 * Every record kind, in the order the writer takes them (the order does not matter to the activity).
 * Written as an object typed over every kind, so a kind added to OutboxRecords and not here does not
 * compile (a kind missing from this list would never be taken from the outbox).
 */
const EVERY_RECORD_KIND = {
  caseNotes: true,
  audit: true,
  planRecords: true,
  changeRequestTexts: true,
  credentials: true,
  skillGains: true,
} as const satisfies Record<RecordKind, true>;
export const RECORD_KINDS = Object.keys(EVERY_RECORD_KIND) as RecordKind[];

/**
 * One batch of the writer: the latest view, the open alerts, and the rows of each kind owed since the
 * last batch (caseNotes and audit always, possibly empty; another kind only with rows). Idempotent to write: every row has a workflow-made id.
 */
export type PersistBatch = {
  view: ApplicationView;
  /** The open alerts (absent until the case has had one: leave the table alone). */
  alerts?: Alert[];
  /**
   * Batches scheduled by builds before the one outbox carried the §8 rows here; an activity retried
   * across a deploy may still receive one (src/activities/projection.ts reads it as credentials/skillGains).
   */
  outcomes?: { credentials: PendingCredential[]; skillGains: PendingSkillGain[] };
} & OutboxRecords;

/** A batch as the activity works with it: every kind present (empty when there is none). */
export type FullBatch = { view: ApplicationView; alerts?: Alert[] } & Required<OutboxRecords>;
