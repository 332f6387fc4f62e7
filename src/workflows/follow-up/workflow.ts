import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { agencyToday, startOfAgencyDay, type IsoDate } from '../../domain/dates';
import { guarded } from '../failures';
import {
  followUpMissedDate,
  followUpOverdueDate,
  isOpenFollowUp,
  validateContactAttempt,
  validateFollowUpCompletion,
} from '../../domain/follow-ups';
import { initialFollowUpStatus } from '../../domain/quarters';
import { entryTimeliness } from '../../domain/timeliness';
import { SA, followUpChanged, type Command, type FollowUpView } from '../application/contract';
import {
  type CompleteFollowUpPayload,
  type ContactAttemptPayload,
  type FollowUpWorkflowInput,
  completeFollowUp,
  declineFollowUp,
  getFollowUp,
  recordContactAttempt,
} from './contract';
import { createWakeups } from '../wakeups';

/** patched() id: follow-ups started since it exists never cancel their timers (src/workflows/wakeups.ts). */
export const PATCH_FOLLOW_UP_TIMERS_NEVER_CANCELLED = 'follow-up-timers-never-cancelled-v1';

/**
 * One quarterly follow-up (R-FU-1…6): `required` until its due date, then `overdue`, then `missed`
 * after the grace period — durable timers only. Staff record contact attempts and complete it; the
 * application may decline it. Every change is reported to the application (signal), which keeps the
 * record; the workflow completes when the follow-up is resolved and returns its final view.
 */
export async function followUpWorkflow(input: FollowUpWorkflowInput): Promise<FollowUpView> {
  const tz = input.agencyTimeZone;
  const wakeups = patched(PATCH_FOLLOW_UP_TIMERS_NEVER_CANCELLED) ? createWakeups() : null;
  const today = (): IsoDate => agencyToday(Date.now(), tz);
  const view: FollowUpView = {
    quarter: input.quarter,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    dueDate: input.dueDate,
    status: initialFollowUpStatus(input.dueDate, today()), // R-FU-2
    contactAttempts: [],
    prefill: input.prefill,
  };
  let revision = 0;
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  /** Reports the current view to the application before the handler answers (read-your-writes there). */
  const report = async (): Promise<FollowUpView> => {
    revision += 1;
    const snapshot = JSON.parse(JSON.stringify(view)) as FollowUpView; // no structuredClone in the workflow sandbox
    await parent.signal(followUpChanged, snapshot);
    return snapshot;
  };

  setHandler(getFollowUp, () => view);

  const validateAttempt = ({ payload }: Command<ContactAttemptPayload>): void =>
    guarded(() => validateContactAttempt({ date: payload.date, time: payload.time, today: today() }));
  setHandler(
    recordContactAttempt,
    async (cmd) => {
      validateAttempt(cmd);
      const { payload, actor } = cmd;
      // R-FU-3: unlimited, never changes the status.
      view.contactAttempts.push({ date: payload.date, time: payload.time, type: payload.type, outcome: payload.outcome, ...(payload.note ? { note: payload.note } : {}), recordedBy: actor.staffId });
      return report();
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
    { validator: validateCompletion },
  );

  let declined: { date: IsoDate } | null = null;
  setHandler(declineFollowUp, ({ date }) => {
    if (isOpenFollowUp(view.status)) declined = { date };
  });

  const publish = (): void => {
    const next = view.status === 'required' ? `due ${view.dueDate}` : view.status === 'overdue' ? `missed after ${followUpMissedDate(view.dueDate, input.graceDays)}` : 'resolved';
    setCurrentDetails(`**Follow-up q${view.quarter}** · ${view.status} · period ${view.periodStart} – ${view.periodEnd} · ${next} · ${view.contactAttempts.length} contact attempts`);
    if (input.searchAttributes) {
      upsertSearchAttributes([
        { key: SA.status, value: `followup_${view.status}` },
        { key: SA.followUpQuarter, value: view.quarter },
      ]);
    }
  };

  // The application already holds this view when it told us the same status (knownStatus; absent from
  // older parents, which always hear the first view): no report then.
  if (input.knownStatus !== view.status) await report();
  while (isOpenFollowUp(view.status)) {
    publish();
    if (declined !== null) {
      view.status = 'declined';
      view.declinedOn = (declined as { date: IsoDate }).date;
      await report();
      break;
    }
    // R-FU-5: required → overdue after the due date → missed after the grace period.
    const next = view.status === 'required' ? followUpOverdueDate(view.dueDate) : followUpMissedDate(view.dueDate, input.graceDays);
    const at = startOfAgencyDay(next, tz).getTime();
    if (Date.now() >= at) {
      view.status = view.status === 'required' ? 'overdue' : 'missed';
      await report();
      continue;
    }
    const seen = revision;
    const changed = (): boolean => revision !== seen || declined !== null;
    const summary = view.status === 'required' ? `follow-up q${view.quarter} due ${view.dueDate}` : `follow-up q${view.quarter} missed on ${next}`;
    if (wakeups) await wakeups.until(changed, at, summary);
    else await condition(changed, at - Date.now(), { summary });
  }
  publish();
  await condition(allHandlersFinished);
  return view;
}
