/**
 * Replays every committed history (captured from real runs by `npm run capture:histories`) against
 * the current workflow code. A non-deterministic change to the workflow fails here.
 */
import type { WorkflowBundle } from '@temporalio/worker';
import { listHistoryFixtures, replayHistory } from '../../src/replay/histories';
import { quietRuntime, testDataConverter, workflowBundle } from '../helpers/temporal';
import {
  PATCH_ALERTS,
  PATCH_CONTINUE_AS_NEW_ON_BYTES,
  PATCH_CREDENTIAL_WINDOW,
  PATCH_FOLLOW_UP_CHILDREN,
  PATCH_FOLLOW_UP_STARTS_TOGETHER,
  PATCH_UNCHANGED_FOLLOW_UP_REPORTS,
  PATCH_LEAN_SOFT_EXIT,
  PATCH_PLAN_ALERTS,
  PATCH_TIMERS_NEVER_CANCELLED,
  PATCH_BOUNDED_FOLLOW_UP_YEAR,
  PATCH_HISTORY_HEADROOM,
  PATCH_PENDING_BREAK_ENDS,
} from '../../src/workflows/application/flags';
import { temporal } from '@temporalio/proto';
import { PATCH_FOLLOW_UP_TIMERS_NEVER_CANCELLED } from '../../src/workflows/follow-up/workflow';
import { FOLLOW_UP_PRIORITY } from '../../src/workflows/follow-up/contract';
import { createDataConverter, parsePayloadKeys } from '../../src/temporal/codec';
import { type Payload, defaultPayloadConverter } from '@temporalio/common';
import type { PersistBatch } from '../../src/activities/projection';

const fixtures = listHistoryFixtures();
/** §11 R-ABUSE-2: the application fixtures recorded since bounded-follow-up-year-v1 (they carry every earlier marker too). */
const BOUNDED_APPLICATIONS = ['bounded-follow-up-year', 'bounded-follow-up-continued', 'pending-break-ends'];
let bundle: WorkflowBundle;

beforeAll(async () => {
  quietRuntime();
  bundle = await workflowBundle();
});

describe('replay of committed histories', () => {
  it('has fixtures to replay, including a run that continued as new and one that completed', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    const last = (name: string) => fixtures.find((f) => f.name === name)?.history.events?.at(-1);
    expect(last('continued-as-new')?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(last('exclusionary-exit')?.workflowExecutionCompletedEventAttributes).toBeTruthy();
    const updates = (name: string) =>
      (fixtures.find((f) => f.name === name)?.history.events ?? [])
        .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
        .filter(Boolean);
    expect(updates('planned-break')).toEqual(expect.arrayContaining(['requestPlannedBreak', 'approvePlannedBreak']));
    // R-DCR-2: an approved change request moved the soft exit (the timer re-armed for 2024-04-20).
    expect(updates('change-request-soft-exit')).toEqual(expect.arrayContaining(['requestDataChange', 'approveDataChange']));
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s replays deterministically', async (_name, fixture) => {
    const outcome = await replayHistory(fixture, bundle, testDataConverter());
    if (!outcome.ok) throw outcome.error;
    expect(outcome.ok).toBe(true);
  });
});

describe('R-SUB-2 daily notifications fixtures', () => {
  it('the sandbox clock run slept to 06:00, ran both activities and continued as new; the scheduled run completed', () => {
    const events = (name: string) => fixtures.find((f) => f.name === name)?.history.events ?? [];
    const activities = (name: string) => events(name).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    expect(events('daily-notifications-clock').filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    expect(activities('daily-notifications-clock')).toEqual(['createDailyNotifications', 'sendNotificationDigests']);
    expect(events('daily-notifications-clock').at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(activities('daily-notifications-run')).toEqual(['createDailyNotifications', 'sendNotificationDigests']);
    expect(events('daily-notifications-run').at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
  });
});

describe('versioning with patched()', () => {
  const patchIds = (name: string) =>
    (fixtures.find((f) => f.name === name)?.history.events ?? [])
      .map((e) => e.markerRecordedEventAttributes)
      .filter((m) => m?.markerName === 'core_patch')
      .map((m) => {
        const data = m?.details?.['patch-data']?.payloads?.[0]?.data;
        return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id : '';
      });
  const childStarts = (name: string) =>
    (fixtures.find((f) => f.name === name)?.history.events ?? []).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length;

  it(`a soft exit recorded before follow-up children existed replays without them (no ${PATCH_FOLLOW_UP_CHILDREN} marker)`, () => {
    expect(patchIds('soft-exit-basic')).toEqual([]);
    expect(childStarts('soft-exit-basic')).toBe(0);
  });

  it(`a run recorded before the byte bound existed replays without it (no ${PATCH_CONTINUE_AS_NEW_ON_BYTES} marker); one since carries it and handed over on bytes`, () => {
    expect(patchIds('continued-as-new')).not.toContain(PATCH_CONTINUE_AS_NEW_ON_BYTES);
    expect(patchIds('continued-as-new-on-bytes')).toContain(PATCH_CONTINUE_AS_NEW_ON_BYTES);
    const events = fixtures.find((f) => f.name === 'continued-as-new-on-bytes')?.history.events ?? [];
    expect(events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(events.length).toBeLessThan(200); // far below the 4,000-event bound: the bytes decided
  });

  it(`R-IEP-6: runs recorded before ${PATCH_PLAN_ALERTS} replay without the plan alerts; a case with a plan carries the marker and its plan commands`, () => {
    // Recorded before plan alerts existed: every fixture but these two, captured since.
    const since = new Set(['plan-alerts', 'follow-up-starts-together-year', 'unchanged-follow-up-reports-year', 'lean-soft-exit-year', ...BOUNDED_APPLICATIONS]);
    for (const f of fixtures.filter((x) => !since.has(x.name))) expect(patchIds(f.name)).not.toContain(PATCH_PLAN_ALERTS);
    expect(patchIds('follow-up-starts-together-year')).toContain(PATCH_PLAN_ALERTS);
    expect(patchIds('plan-alerts')).toContain(PATCH_PLAN_ALERTS);
    const updates = (fixtures.find((f) => f.name === 'plan-alerts')?.history.events ?? [])
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
      .filter(Boolean);
    expect(updates).toEqual(expect.arrayContaining(['recordAssessmentSection', 'createPlan', 'addPlanGoal', 'addPlanObjective', 'reviewPlanObjective', 'linkPlanService']));
  });

  it('a case captured since carries both patch markers and starts four children', () => {
    expect(patchIds('follow-up-year')).toEqual([PATCH_ALERTS, PATCH_FOLLOW_UP_CHILDREN]);
    expect(childStarts('follow-up-year')).toBe(4);
  });

  const timerEvents = (name: string) => {
    const events = fixtures.find((f) => f.name === name)?.history.events ?? [];
    return { started: events.filter((e) => e.timerStartedEventAttributes).length, cancelled: events.filter((e) => e.timerCanceledEventAttributes).length };
  };
  it(`a year recorded before ${PATCH_TIMERS_NEVER_CANCELLED} cancelled its timers and replays that way; one since carries the markers and cancels none`, () => {
    expect(patchIds('follow-up-year')).not.toContain(PATCH_TIMERS_NEVER_CANCELLED);
    expect(timerEvents('follow-up-year').cancelled).toBeGreaterThan(0);
    expect(patchIds('follow-up-child-q3')).not.toContain(PATCH_FOLLOW_UP_TIMERS_NEVER_CANCELLED);
    expect(timerEvents('follow-up-child-q3').cancelled).toBeGreaterThan(0);

    expect(patchIds('timers-never-cancelled-year')).toEqual([PATCH_CONTINUE_AS_NEW_ON_BYTES, PATCH_TIMERS_NEVER_CANCELLED, PATCH_ALERTS, PATCH_FOLLOW_UP_CHILDREN]);
    expect(timerEvents('timers-never-cancelled-year')).toMatchObject({ cancelled: 0 });
    expect(timerEvents('timers-never-cancelled-year').started).toBeGreaterThan(0);
    expect(childStarts('timers-never-cancelled-year')).toBe(4);
    expect(patchIds('timers-never-cancelled-child-q3')).toEqual([PATCH_FOLLOW_UP_TIMERS_NEVER_CANCELLED]);
    expect(timerEvents('timers-never-cancelled-child-q3')).toMatchObject({ cancelled: 0 });
  });

  /** For each follow-up child started, the number of the workflow task that started it. */
  const childStartTasks = (name: string): number[] => {
    let task = 0;
    const out: number[] = [];
    for (const e of fixtures.find((f) => f.name === name)?.history.events ?? []) {
      if (e.workflowTaskCompletedEventAttributes) task += 1;
      if (e.startChildWorkflowExecutionInitiatedEventAttributes) out.push(task);
    }
    return out;
  };
  it(`issue 18: exits recorded before ${PATCH_FOLLOW_UP_STARTS_TOGETHER} started one child per task and replay that way; one since starts all four in one task`, () => {
    const since = new Set(['follow-up-starts-together-year', 'unchanged-follow-up-reports-year', 'lean-soft-exit-year', ...BOUNDED_APPLICATIONS]);
    for (const f of fixtures.filter((x) => !since.has(x.name))) expect(patchIds(f.name)).not.toContain(PATCH_FOLLOW_UP_STARTS_TOGETHER);
    expect(new Set(childStartTasks('timers-never-cancelled-year')).size).toBe(4);
    expect(patchIds('follow-up-starts-together-year')).toContain(PATCH_FOLLOW_UP_STARTS_TOGETHER);
    const together = childStartTasks('follow-up-starts-together-year');
    expect(together).toHaveLength(4);
    expect(new Set(together).size).toBe(1);
    expect(timerEvents('follow-up-starts-together-year')).toMatchObject({ cancelled: 0 });
  });

  const projections = (name: string) =>
    (fixtures.find((f) => f.name === name)?.history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'persistApplication').length;
  it(`issue 18: a year recorded before ${PATCH_UNCHANGED_FOLLOW_UP_REPORTS} projected each child's first report; one since ignores them and projects fewer batches`, () => {
    const since = new Set(['unchanged-follow-up-reports-year', 'lean-soft-exit-year', ...BOUNDED_APPLICATIONS]);
    for (const f of fixtures.filter((x) => !since.has(x.name))) expect(patchIds(f.name)).not.toContain(PATCH_UNCHANGED_FOLLOW_UP_REPORTS);
    expect(patchIds('unchanged-follow-up-reports-year')).toContain(PATCH_UNCHANGED_FOLLOW_UP_REPORTS);
    // The same scenario (followUpYear) recorded just before: up to four batches more (the writer merges
    // a report that arrives while a batch is in flight into the next one).
    const saved = projections('follow-up-starts-together-year') - projections('unchanged-follow-up-reports-year');
    expect(saved).toBeGreaterThanOrEqual(2);
    expect(saved).toBeLessThanOrEqual(4);
    expect(childStarts('unchanged-follow-up-reports-year')).toBe(4);
  });

  /** Events of one kind in the hour of the soft exit (2024-04-10, the followUpYear scenario's exit day). */
  type HistoryEvent = NonNullable<(typeof fixtures)[number]['history']['events']>[number];
  const onExitDay = (name: string, has: (e: HistoryEvent) => unknown) =>
    (fixtures.find((f) => f.name === name)?.history.events ?? []).filter((e) => {
      const t = e.eventTime as unknown;
      const iso = typeof t === 'string' ? t : new Date(Number((t as { seconds?: { toString(): string } })?.seconds?.toString() ?? 0) * 1000).toISOString();
      return iso.startsWith('2024-04-10') && Boolean(has(e));
    }).length;
  it(`issue 18: an exit recorded before ${PATCH_LEAN_SOFT_EXIT} took two projections and four child reports; one since takes one projection and none`, () => {
    for (const f of fixtures.filter((x) => x.name !== 'lean-soft-exit-year' && !BOUNDED_APPLICATIONS.includes(x.name))) expect(patchIds(f.name)).not.toContain(PATCH_LEAN_SOFT_EXIT);
    expect(patchIds('lean-soft-exit-year')).toContain(PATCH_LEAN_SOFT_EXIT);
    const persist = (e: HistoryEvent) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'persistApplication';
    const signals = (e: HistoryEvent) => e.workflowExecutionSignaledEventAttributes?.signalName === 'followUpChanged';
    const tasks = (e: HistoryEvent) => e.workflowTaskCompletedEventAttributes;
    // The same scenario recorded just before the patch, then since.
    expect(onExitDay('unchanged-follow-up-reports-year', persist)).toBe(2);
    expect(onExitDay('unchanged-follow-up-reports-year', signals)).toBe(4);
    expect(onExitDay('lean-soft-exit-year', persist)).toBe(1);
    expect(onExitDay('lean-soft-exit-year', signals)).toBe(0);
    expect(onExitDay('lean-soft-exit-year', tasks)).toBeLessThan(onExitDay('unchanged-follow-up-reports-year', tasks));
    // A child told its status reports nothing at its start: one task (start, timer), no signal.
    expect(onExitDay('lean-soft-exit-child-q3', (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)).toBe(0);
    expect(onExitDay('unchanged-follow-up-reports-child-q3', (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)).toBe(1);
    expect(onExitDay('lean-soft-exit-child-q3', tasks)).toBe(1);
    expect(childStarts('lean-soft-exit-year')).toBe(4);
    expect(timerEvents('lean-soft-exit-year')).toMatchObject({ cancelled: 0 });
    // The children run below the applications' priority; before, they inherited it.
    const priorities = (name: string) =>
      (fixtures.find((f) => f.name === name)?.history.events ?? [])
        .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)
        .filter(Boolean)
        .map((a) => a?.priority?.priorityKey ?? null);
    expect(priorities('lean-soft-exit-year')).toEqual([FOLLOW_UP_PRIORITY, FOLLOW_UP_PRIORITY, FOLLOW_UP_PRIORITY, FOLLOW_UP_PRIORITY]);
    expect(priorities('unchanged-follow-up-reports-year').every((p) => !p)).toBe(true);
  });

  it(`issue 18: since ${PATCH_LEAN_SOFT_EXIT} the exit's one batch holds what the second batch held before (the alerts the exit ends)`, async () => {
    const codecs = testDataConverter().payloadCodecs ?? [];
    const exitBatches = async (name: string): Promise<PersistBatch[]> => {
      const out: PersistBatch[] = [];
      for (const e of fixtures.find((f) => f.name === name)?.history.events ?? []) {
        const a = e.activityTaskScheduledEventAttributes;
        if (a?.activityType?.name !== 'persistApplication') continue;
        let p = a.input!.payloads![0]! as Payload;
        for (const codec of [...codecs].reverse()) p = (await codec.decode([p]))[0]!;
        const batch = defaultPayloadConverter.fromPayload<PersistBatch>(p);
        if (batch.view.status === 'exited' && batch.audit.some((x) => x.command === 'softExit')) out.push(batch);
        else if (out.length > 0 && out.length < 2 && batch.view.updatedAt.startsWith('2024-04-10')) out.push(batch);
      }
      return out;
    };
    const before = await exitBatches('unchanged-follow-up-reports-year');
    const since = await exitBatches('lean-soft-exit-year');
    expect(before).toHaveLength(2);
    expect(since).toHaveLength(1);
    expect(before[0]!.alerts?.length).toBeGreaterThan(0); // the exit's batch still listed the alerts
    expect(before[1]!.alerts).toEqual([]);
    expect(since[0]!.alerts).toEqual(before[1]!.alerts);
    expect(since[0]!.view.exit).toMatchObject({ type: before[1]!.view.exit?.type, exitDate: before[1]!.view.exit?.exitDate }); // exitedAt: the instant of each recording
    expect(since[0]!.view.followUps).toEqual(before[1]!.view.followUps);
  });

  it(`§11 R-ABUSE-2: exits recorded before ${PATCH_BOUNDED_FOLLOW_UP_YEAR} start attached children that report their whole view; since, detached children report what changed and the exited case continues as new`, async () => {
    const since = new Set([...BOUNDED_APPLICATIONS, 'bounded-follow-up-child-q3', 'bounded-follow-up-continued-child-q1']);
    for (const f of fixtures.filter((x) => !since.has(x.name))) {
      expect([f.name, patchIds(f.name)]).toEqual([f.name, expect.not.arrayContaining([PATCH_BOUNDED_FOLLOW_UP_YEAR])]);
      expect([f.name, patchIds(f.name)]).toEqual([f.name, expect.not.arrayContaining([PATCH_HISTORY_HEADROOM])]);
    }
    for (const name of BOUNDED_APPLICATIONS) expect(patchIds(name)).toEqual(expect.arrayContaining([PATCH_HISTORY_HEADROOM, PATCH_BOUNDED_FOLLOW_UP_YEAR, PATCH_LEAN_SOFT_EXIT]));
    expect(patchIds('bounded-follow-up-child-q3')).toContain(PATCH_BOUNDED_FOLLOW_UP_YEAR);
    expect(patchIds('bounded-follow-up-continued-child-q1')).toContain(PATCH_BOUNDED_FOLLOW_UP_YEAR);
    const events = (name: string) => fixtures.find((f) => f.name === name)?.history.events ?? [];
    const policies = (name: string) => events(name).map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.parentClosePolicy).filter((p) => p !== undefined && p !== null);
    const P = temporal.api.enums.v1.ParentClosePolicy;
    expect(policies('lean-soft-exit-year')).toEqual([P.PARENT_CLOSE_POLICY_TERMINATE, P.PARENT_CLOSE_POLICY_TERMINATE, P.PARENT_CLOSE_POLICY_TERMINATE, P.PARENT_CLOSE_POLICY_TERMINATE]);
    expect(policies('bounded-follow-up-year')).toEqual([P.PARENT_CLOSE_POLICY_ABANDON, P.PARENT_CLOSE_POLICY_ABANDON, P.PARENT_CLOSE_POLICY_ABANDON, P.PARENT_CLOSE_POLICY_ABANDON]);
    const signals = (name: string, signal: string) => events(name).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === signal);
    expect(signals('lean-soft-exit-year', 'followUpReported')).toHaveLength(0);
    expect(signals('lean-soft-exit-year', 'followUpChanged').length).toBeGreaterThan(0);
    expect(signals('bounded-follow-up-year', 'followUpChanged')).toHaveLength(0);
    expect(signals('bounded-follow-up-year', 'followUpReported').length).toBeGreaterThan(0);
    // The same year, the same outcome: it completed the day after its credential window.
    expect(events('bounded-follow-up-year').at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
    // Reports do not grow with the contact attempts: every one q1 sent after each of its attempts is small.
    const sent = events('bounded-follow-up-continued-child-q1').filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'followUpReported');
    expect(sent.length).toBeGreaterThan(5);
    const sizes = sent.map((e) => temporal.api.common.v1.Payloads.encode(e.signalExternalWorkflowExecutionInitiatedEventAttributes!.input ?? {}).finish().length);
    expect(Math.max(...sizes)).toBeLessThan(1024);
    // The exited case handed over (continue-as-new) with its detached follow-ups, and so did q1.
    const handOver = events('bounded-follow-up-continued').at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    expect(handOver).toBeTruthy();
    const codecs = testDataConverter().payloadCodecs ?? [];
    let carried = handOver!.input!.payloads![1]! as Payload;
    for (const codec of [...codecs].reverse()) carried = (await codec.decode([carried]))[0]!;
    expect(defaultPayloadConverter.fromPayload<{ status: string; followUpsDetached?: boolean }>(carried)).toMatchObject({ status: 'exited', followUpsDetached: true });
    expect(events('bounded-follow-up-continued-child-q1').at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  });

  it(`R-BREAK-2: only a run in which a pending break's activity began since ${PATCH_PENDING_BREAK_ENDS} carries its marker; the approved break of planned-break ended without it`, () => {
    for (const f of fixtures.filter((x) => x.name !== 'pending-break-ends')) expect([f.name, patchIds(f.name)]).toEqual([f.name, expect.not.arrayContaining([PATCH_PENDING_BREAK_ENDS])]);
    expect(patchIds('pending-break-ends')).toContain(PATCH_PENDING_BREAK_ENDS);
    // The approval after the begin was refused by the validator: it never reached the history.
    const updates = (fixtures.find((f) => f.name === 'pending-break-ends')?.history.events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name).filter(Boolean);
    expect(updates).toContain('beginActivity');
    expect(updates).not.toContain('approvePlannedBreak');
  });

  /** The instant of the event that ended the run, and of the last declineFollowUps update accepted. */
  const instants = (name: string) => {
    const events = fixtures.find((f) => f.name === name)?.history.events ?? [];
    const at = (e: (typeof events)[number] | undefined) => {
      const t = e?.eventTime as { seconds?: unknown } | string | undefined;
      if (typeof t === 'string') return Date.parse(t);
      return Number((t as { seconds?: { toString(): string } } | undefined)?.seconds?.toString() ?? 'NaN') * 1000;
    };
    const decline = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'declineFollowUps').at(-1);
    return { decline: at(decline), end: at(events.at(-1)), completed: Boolean(events.at(-1)?.workflowExecutionCompletedEventAttributes) };
  };
  it(`R-CRED-3: a year recorded before ${PATCH_CREDENTIAL_WINDOW} completed right after the last follow-up resolved; one since waits for the day after the credential window`, () => {
    expect(patchIds('follow-up-year')).not.toContain(PATCH_CREDENTIAL_WINDOW);
    // Its last projection (plain payloads) is the completed case, on the day of the decline (2024-12-20).
    const batches = (fixtures.find((f) => f.name === 'follow-up-year')?.history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'persistApplication')
      .map((a) => defaultPayloadConverter.fromPayload<PersistBatch>(a!.input!.payloads![0]!));
    expect(batches.at(-1)?.view).toMatchObject({ status: 'completed' });
    expect(batches.at(-1)?.view.updatedAt.slice(0, 10)).toBe('2024-12-20');
    const before = instants('follow-up-year');
    expect(before.end - before.decline).toBeLessThan(86_400_000);
    expect(patchIds('credential-window')).toContain(PATCH_CREDENTIAL_WINDOW);
    const since = instants('credential-window');
    expect(since.completed).toBe(true);
    expect(new Date(since.end).toISOString().slice(0, 10)).toBe('2025-01-11'); // exit 2024-01-10 + 1 year, the day after
    expect(since.end - since.decline).toBeGreaterThan(250 * 86_400_000);
    expect(timerEvents('credential-window')).toMatchObject({ cancelled: 0 });
  });
});

describe('the replay harness detects non-determinism', () => {
  it('a history replayed against changed workflow code fails with a determinism error', async () => {
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    const broken = await bundleWorkflowCode({ workflowsPath: require.resolve('./broken'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
    const fixture = fixtures.find((f) => f.name === 'application-created');
    expect(fixture).toBeDefined();
    const outcome = await replayHistory(fixture!, broken, testDataConverter());
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.nonDeterministic).toBe(true);
  });
});

describe('encrypted histories', () => {
  const fixture = fixtures.find((f) => f.name === 'encrypted-soft-exit');
  const encodings = (): string[] =>
    (fixture?.history.events ?? []).flatMap((e) =>
      (e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []).map((p) => Buffer.from(p.metadata?.encoding ?? []).toString()),
    );

  it('the fixture recorded with the codec holds ciphertext only (key id dev-2026)', () => {
    expect(encodings()).toEqual(['binary/encrypted']);
    const keyId = fixture?.history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.metadata?.['encryption-key-id'];
    expect(Buffer.from(keyId ?? []).toString()).toBe('dev-2026');
  });

  it('replays with the key that wrote it, and fails clearly without it', async () => {
    expect(await replayHistory(fixture!, bundle, testDataConverter())).toEqual({ ok: true });
    const otherKey = createDataConverter(parsePayloadKeys(`other:${Buffer.alloc(32, 1).toString('base64')}`));
    const outcome = await replayHistory(fixture!, bundle, otherKey);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.error.message).toMatch(/cannot decrypt .*key 'dev-2026'/);
    const noCodec = await replayHistory(fixture!, bundle, createDataConverter(undefined));
    expect(noCodec.ok === false && noCodec.error.message).toMatch(/encrypted, but PAYLOAD_ENCRYPTION=false/);
  });
});
