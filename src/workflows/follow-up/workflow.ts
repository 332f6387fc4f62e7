import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DomainErrorCode } from '../../domain/errors';
import { agencyToday, startOfAgencyDay, type IsoDate } from '../../domain/dates';
import { guarded } from '../failures';
import { followUpMissedDate, followUpOverdueDate, isOpenFollowUp, validateContactAttempt, validateFollowUpCompletion } from '../../domain/follow-ups';
import { initialFollowUpStatus } from '../../domain/quarters';
import { entryTimeliness } from '../../domain/timeliness';
import {
  DEFAULT_CHECKPOINT_AFTER_DAYS,
  DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  SA,
  followUpReported,
  type Command,
  type ContactAttemptView,
  type FollowUpReport,
  type FollowUpView,
} from '../application/contract';
import {
  type CompleteFollowUpPayload,
  type ContactAttemptPayload,
  type FollowUpCarried,
  type FollowUpWorkflowInput,
  completeFollowUp,
  declineFollowUp,
  getFollowUp,
  recordContactAttempt,
} from './contract';
import { createWakeups } from '../wakeups';
import { historyBound } from '../history-bound';
import { checkpointAt, checkpointSummary } from '../../temporal/checkpoint';

/** R-ABUSE-2: how many times a change report is tried before the follow-up concludes its application is closed. */
const ORPHAN_CHECKS = 3;
/**
 * R-ABUSE-2, R-FU-7: a detached follow-up silent this long tells its application it is still open, so
 * that a terminated application (which cannot stop its detached children) leaves none running for long.
 * 30 days: about 34 checks over a case's follow-up year (the four children's open months), each one
 * signal and one workflow task on either side; weekly checks would cost about 150.
 */
const LIVENESS_CHECK_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * One quarterly follow-up (R-FU-1…6): `required` until its due date, then `overdue`, then `missed`
 * after the grace period — durable timers only. Staff record contact attempts and complete it; the
 * application may decline it. Every change is reported to the application (signal), which keeps the
 * record; the workflow completes when the follow-up is resolved and returns its final view.
 *
 * R-ABUSE-2: a report says what changed — the new contact attempt, or the other fields — never the
 * whole view; the run continues as new before its history reaches the bounds and at its checkpoint
 * (docs/versioning.md; `carried`: the view); and when the application can no longer be told (it was
 * terminated), the follow-up ends.
 */
export async function followUpWorkflow(input: FollowUpWorkflowInput, carried?: FollowUpCarried): Promise<FollowUpView> {
  if (carried !== undefined && carried.stateVersion !== 1) {
    throw ApplicationFailure.nonRetryable(
      `the carried follow-up state has stateVersion ${JSON.stringify(carried.stateVersion)}; this build reads 1`,
      'UnsupportedStateVersion',
    );
  }
  const tz = input.agencyTimeZone;
  const wakeups = createWakeups();
  const today = (): IsoDate => agencyToday(Date.now(), tz);
  const view: FollowUpView = carried?.view ?? {
    quarter: input.quarter,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    dueDate: input.dueDate,
    status: initialFollowUpStatus(input.dueDate, today()), // R-FU-2
    contactAttempts: [],
    prefill: input.prefill,
  };
  let revision = 0;
  /** R-ABUSE-2: the application could not be told (it is closed): this follow-up ends. */
  let orphaned = false;
  const boundReached = historyBound({
    events: input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
    bytes: input.continueAsNewAfterBytes ?? DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES,
  });
  const checkpoint = checkpointAt(Date.now(), input.checkpointAfterDays ?? DEFAULT_CHECKPOINT_AFTER_DAYS);
  const shouldContinueAsNew = (): boolean => boundReached() || Date.now() >= checkpoint;
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  /**
   * Reports the change to the application before the handler answers (read-your-writes there): the new
   * contact attempt, or the other fields.
   */
  const report = async (attempt?: ContactAttemptView): Promise<FollowUpView> => {
    revision += 1;
    const snapshot = JSON.parse(JSON.stringify(view)) as FollowUpView; // no structuredClone in the workflow sandbox
    const { contactAttempts, ...fields } = snapshot;
    await tell(
      attempt
        ? { quarter: view.quarter, newContactAttempts: [attempt], contactAttemptCount: contactAttempts.length }
        : { quarter: view.quarter, fields, contactAttemptCount: contactAttempts.length },
    );
    return snapshot;
  };
  /**
   * When the application last heard from this follow-up (30 days of silence is a liveness check). It
   * travels across continue-as-new: a checkpoint must not postpone the check.
   */
  let lastTold = carried?.lastTold ?? Date.now();
  /**
   * Signals a report to the application. A signal fails only when no run of it is open (terminated, or
   * completed): tried three times a few seconds apart before this follow-up concludes that and ends.
   */
  const tell = async (change: FollowUpReport): Promise<void> => {
    for (let tries = 1; ; tries += 1) {
      try {
        await parent.signal(followUpReported, change);
        lastTold = Date.now();
        return;
      } catch (err) {
        if (isCancellation(err)) throw err;
        if (tries >= ORPHAN_CHECKS) {
          orphaned = true;
          log.warn('the application of this follow-up is closed: the follow-up ends', { quarter: view.quarter });
          throw guardedClosed();
        }
        await sleep(tries * 1_000);
      }
    }
  };
  /** The error a command gets once the application is closed (409 APPLICATION_EXITED through the API). */
  const guardedClosed = (): ApplicationFailure =>
    ApplicationFailure.create({
      type: 'APPLICATION_EXITED' satisfies DomainErrorCode,
      message: 'the application of this follow-up is closed',
      nonRetryable: true,
    });
  /** A report the loop makes: an orphaned follow-up stops instead of failing. */
  const reportFromLoop = async (liveness = false): Promise<void> => {
    try {
      if (liveness) await tell({ quarter: view.quarter, contactAttemptCount: view.contactAttempts.length });
      else await report();
    } catch (err) {
      if (!orphaned) throw err;
    }
  };
  const assertOpen = (): void => {
    if (orphaned) throw guardedClosed();
  };

  setHandler(getFollowUp, () => view);

  const validateAttempt = ({ payload }: Command<ContactAttemptPayload>): void => {
    assertOpen();
    guarded(() => validateContactAttempt({ date: payload.date, time: payload.time, today: today() }));
  };
  setHandler(
    recordContactAttempt,
    async (cmd) => {
      validateAttempt(cmd);
      const { payload, actor } = cmd;
      // R-FU-3: unlimited, never changes the status.
      const attempt: ContactAttemptView = {
        date: payload.date,
        time: payload.time,
        type: payload.type,
        outcome: payload.outcome,
        ...(payload.note ? { note: payload.note } : {}),
        recordedBy: actor.staffId,
      };
      view.contactAttempts.push(attempt);
      return report(attempt);
    },
    { validator: validateAttempt },
  );

  const validateCompletion = ({ payload, actor }: Command<CompleteFollowUpPayload>) =>
    guarded(() =>
      validateFollowUpCompletion({
        status: view.status,
        quarter: view.quarter,
        periodStart: view.periodStart,
        actualFollowUpDate: payload.actualDate,
        today: today(),
        hasEmploymentPlacementOrCredential:
          (payload.workedInQuarter && (payload.employers?.length ?? 0) > 0) ||
          Boolean(payload.youthPlacement) ||
          ['1', '2', '3'].includes(payload.youthPlacementCode ?? '') ||
          Boolean(payload.credential),
        statusAtFollowUp: payload.statusAtFollowUp ?? null,
        contactAttemptCount: view.contactAttempts.length,
        callerRole: actor.role,
        overrideReason: payload.overrideReason ?? null,
      }),
    );
  setHandler(
    completeFollowUp,
    async (cmd) => {
      validateCompletion(cmd);
      const { payload, actor } = cmd;
      const late = view.status === 'overdue';
      view.status = 'completed';
      view.completedOn = payload.actualDate;
      view.completion = {
        actualDate: payload.actualDate,
        contactType: payload.contactType,
        workedInQuarter: payload.workedInQuarter,
        employers: payload.employers ?? [],
        ...(payload.education ? { education: payload.education } : {}),
        ...(payload.youthPlacement ? { youthPlacement: payload.youthPlacement } : {}),
        ...(payload.youthPlacementCode ? { youthPlacementCode: payload.youthPlacementCode } : {}),
        ...(payload.credential ? { credential: payload.credential } : {}),
        ...(payload.statusAtFollowUp ? { statusAtFollowUp: payload.statusAtFollowUp } : {}),
        ...(payload.overrideReason ? { overrideReason: payload.overrideReason } : {}),
        recordedBy: actor.staffId,
        late,
      };
      // R-TIMELY-1: the completion describes the actual follow-up date.
      const enteredOn = today();
      view.enteredOn = enteredOn;
      try {
        view.late = entryTimeliness('follow_up', payload.actualDate, enteredOn).late;
      } catch {
        view.late = false; // outside the holiday calendar's years: counted on time
      }
      return report();
    },
    {
      validator: (cmd) => {
        assertOpen();
        validateCompletion(cmd);
      },
    },
  );

  let declined: { date: IsoDate } | null = carried?.declined ?? null;
  setHandler(declineFollowUp, ({ date }) => {
    if (isOpenFollowUp(view.status)) declined = { date };
  });

  const publish = (): void => {
    const next =
      view.status === 'required'
        ? `due ${view.dueDate}`
        : view.status === 'overdue'
          ? `missed after ${followUpMissedDate(view.dueDate, input.graceDays)}`
          : 'resolved';
    setCurrentDetails(
      `**Follow-up q${view.quarter}** · ${view.status} · period ${view.periodStart} – ${view.periodEnd} · ${next} · ${view.contactAttempts.length} contact attempts`,
    );
    if (input.searchAttributes) {
      upsertSearchAttributes([
        { key: SA.status, value: `followup_${view.status}` },
        { key: SA.followUpQuarter, value: view.quarter },
      ]);
    }
  };

  // The application already holds this view when it told us the same status: no report then. A
  // continued run reports nothing.
  if (!carried && input.knownStatus !== view.status) await reportFromLoop();
  while (isOpenFollowUp(view.status) && !orphaned && !shouldContinueAsNew()) {
    publish();
    if (declined !== null) {
      view.status = 'declined';
      view.declinedOn = (declined as { date: IsoDate }).date;
      await reportFromLoop();
      break;
    }
    // R-FU-5: required → overdue after the due date → missed after the grace period.
    const next = view.status === 'required' ? followUpOverdueDate(view.dueDate) : followUpMissedDate(view.dueDate, input.graceDays);
    const at = startOfAgencyDay(next, tz).getTime();
    if (Date.now() >= at) {
      view.status = view.status === 'required' ? 'overdue' : 'missed';
      await reportFromLoop();
      continue;
    }
    // R-ABUSE-2, R-FU-7: a detached follow-up whose application heard nothing from it for 30 days tells
    // it that it is still open (a report that changes nothing); a terminated application is noticed so.
    const checkAt = lastTold + (input.livenessCheckMs ?? LIVENESS_CHECK_MS);
    if (Date.now() >= checkAt) {
      await reportFromLoop(true);
      continue;
    }
    const seen = revision;
    const changed = (): boolean => revision !== seen || declined !== null || orphaned;
    const wakeAt = Math.min(at, checkAt, checkpoint);
    const summary =
      wakeAt === at
        ? view.status === 'required'
          ? `follow-up q${view.quarter} due ${view.dueDate}`
          : `follow-up q${view.quarter} missed on ${next}`
        : wakeAt === checkAt
          ? `follow-up q${view.quarter}: is its application open?`
          : checkpointSummary(checkpoint);
    await wakeups.until(changed, wakeAt, summary);
  }
  publish();
  if (isOpenFollowUp(view.status) && !orphaned && shouldContinueAsNew()) {
    // R-ABUSE-2: hand over once every handler has finished; the view (and a decline not yet applied) travel.
    await condition(allHandlersFinished);
    log.info('follow-up continuing as new', { quarter: view.quarter, historyLength: workflowInfo().historyLength });
    await continueAsNew<typeof followUpWorkflow>(input, { stateVersion: 1, view, declined, lastTold } satisfies FollowUpCarried);
  }
  await condition(allHandlersFinished);
  return view;
}
