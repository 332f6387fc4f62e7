/**
 * Replays every committed history (captured from real runs by `npm run capture:histories`) against
 * the current workflow code. A non-deterministic change to the workflow fails here.
 */
import type { WorkflowBundle } from '@temporalio/worker';
import { listHistoryFixtures, replayHistory } from '../../src/replay/histories';
import { quietRuntime, testDataConverter, workflowBundle } from '../helpers/temporal';
import { temporal } from '@temporalio/proto';
import { FOLLOW_UP_PRIORITY } from '../../src/workflows/follow-up/contract';
import { createDataConverter, parsePayloadKeys } from '../../src/temporal/codec';
import { type Payload, defaultPayloadConverter } from '@temporalio/common';

const fixtures = listHistoryFixtures();
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
    // Every run of the scenario (a case that checkpointed is captured run by run: `<name>.run-<n>`).
    const updates = (name: string) =>
      fixtures
        .filter((f) => f.name === name || f.name.startsWith(`${name}.run-`))
        .flatMap((f) => f.history.events ?? [])
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
    const activities = (name: string) =>
      events(name)
        .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
        .filter(Boolean);
    expect(events('daily-notifications-clock').filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    expect(activities('daily-notifications-clock')).toEqual(['createDailyNotifications', 'sendNotificationDigests']);
    expect(events('daily-notifications-clock').at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(activities('daily-notifications-run')).toEqual(['createDailyNotifications', 'sendNotificationDigests']);
    expect(events('daily-notifications-run').at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
  });
});

describe('the 1.0 baseline (docs/versioning.md)', () => {
  type HistoryEvent = NonNullable<(typeof fixtures)[number]['history']['events']>[number];
  const events = (name: string): HistoryEvent[] => {
    const f = fixtures.find((x) => x.name === name);
    if (!f) throw new Error(`no fixture ${name}`);
    return f.history.events ?? [];
  };
  const markers = (name: string) => events(name).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
  const timers = (name: string) => ({
    started: events(name).filter((e) => e.timerStartedEventAttributes).length,
    cancelled: events(name).filter((e) => e.timerCanceledEventAttributes).length,
  });
  const decode = async <T>(payload: Payload): Promise<T> => {
    let p = payload;
    for (const codec of [...(testDataConverter().payloadCodecs ?? [])].reverse()) p = (await codec.decode([p]))[0]!;
    return defaultPayloadConverter.fromPayload<T>(p);
  };
  const at = (e: HistoryEvent | undefined): number => {
    const t = e?.eventTime as unknown;
    if (typeof t === 'string') return Date.parse(t);
    return Number((t as { seconds?: { toString(): string } } | undefined)?.seconds?.toString() ?? 'NaN') * 1000;
  };

  it('no fixture carries a patch marker: every history was recorded by the baseline itself', () => {
    for (const f of fixtures) expect([f.name, markers(f.name).length]).toEqual([f.name, 0]);
  });

  it('no workflow ever cancels a timer (src/workflows/wakeups.ts)', () => {
    for (const f of fixtures) expect([f.name, timers(f.name).cancelled]).toEqual([f.name, 0]);
  });

  /** The run of the follow-up year that recorded the soft exit (the one that started the children). */
  const exitRunName = (): string => {
    const f = fixtures.find(
      (x) => x.name.startsWith('follow-up-year') && (x.history.events ?? []).some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes),
    );
    if (!f) throw new Error('no run of follow-up-year started the follow-ups');
    return f.name;
  };

  it('the soft exit starts its four follow-ups in one workflow task, detached (ABANDON), below the applications’ priority, with one projection and no child report', () => {
    const exitRun = events(exitRunName());
    let task = 0;
    const startTasks: number[] = [];
    for (const e of exitRun) {
      if (e.workflowTaskCompletedEventAttributes) task += 1;
      if (e.startChildWorkflowExecutionInitiatedEventAttributes) startTasks.push(task);
    }
    expect(startTasks).toHaveLength(4);
    expect(new Set(startTasks).size).toBe(1);
    const starts = exitRun.map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).filter(Boolean);
    const P = temporal.api.enums.v1.ParentClosePolicy;
    expect(starts.map((a) => a!.parentClosePolicy)).toEqual([
      P.PARENT_CLOSE_POLICY_ABANDON,
      P.PARENT_CLOSE_POLICY_ABANDON,
      P.PARENT_CLOSE_POLICY_ABANDON,
      P.PARENT_CLOSE_POLICY_ABANDON,
    ]);
    expect(starts.map((a) => a!.priority?.priorityKey)).toEqual([FOLLOW_UP_PRIORITY, FOLLOW_UP_PRIORITY, FOLLOW_UP_PRIORITY, FOLLOW_UP_PRIORITY]);
    const onExitDay = (has: (e: HistoryEvent) => unknown) =>
      exitRun.filter((e) => new Date(at(e)).toISOString().startsWith('2024-04-10') && Boolean(has(e))).length;
    expect(onExitDay((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'persistApplication')).toBe(1);
    expect(onExitDay((e) => e.workflowExecutionSignaledEventAttributes)).toBe(0);
  });

  it('the follow-up year: the last run began with the carried state (stateVersion 1) and completed the day after the credential window (R-CRED-3)', async () => {
    const last = events('follow-up-year');
    const started = last[0]!.workflowExecutionStartedEventAttributes!;
    expect(started.continuedExecutionRunId).toBeTruthy();
    const carried = await decode<{ stateVersion: number; status: string }>(started.input!.payloads![1]! as Payload);
    expect(carried).toMatchObject({ stateVersion: 1, status: 'exited' });
    expect(last.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
    expect(new Date(at(last.at(-1))).toISOString().slice(0, 10)).toBe('2025-01-11');
    // The children report what changed (followUpReported), never their whole view.
    const signals = [...events(exitRunName()), ...last].map((e) => e.workflowExecutionSignaledEventAttributes?.signalName).filter(Boolean);
    expect(new Set(signals)).toEqual(new Set(['followUpReported']));
  });

  it('§11 R-ABUSE-2: reports do not grow with the contact attempts, and the exited case and its follow-up both hand over', async () => {
    const sent = events('bounded-follow-up-continued-child-q1').filter(
      (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'followUpReported',
    );
    expect(sent.length).toBeGreaterThan(5);
    const sizes = sent.map(
      (e) => temporal.api.common.v1.Payloads.encode(e.signalExternalWorkflowExecutionInitiatedEventAttributes!.input ?? {}).finish().length,
    );
    expect(Math.max(...sizes)).toBeLessThan(1024);
    const handOver = events('bounded-follow-up-continued').at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    expect(handOver).toBeTruthy();
    expect(await decode<{ stateVersion: number; status: string }>(handOver!.input!.payloads![1]! as Payload)).toMatchObject({
      stateVersion: 1,
      status: 'exited',
    });
    const childHandOver = events('bounded-follow-up-continued-child-q1').at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    expect(await decode<{ stateVersion: number }>(childHandOver!.input!.payloads![1]! as Payload)).toMatchObject({ stateVersion: 1 });
  });

  it('R-BREAK-2: a pending break ended by its activity’s begin cannot be approved afterwards (the refused approval never reached the history)', () => {
    const updates = fixtures
      .filter((f) => f.name === 'pending-break-ends' || f.name.startsWith('pending-break-ends.run-'))
      .flatMap((f) => f.history.events ?? [])
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
      .filter(Boolean);
    expect(updates).toContain('beginActivity');
    expect(updates).not.toContain('approvePlannedBreak');
  });

  it('R-IMP-1: an imported case’s workflow started with the state the import built (stateVersion 1, on its break)', async () => {
    const started = events('imported-case')[0]!.workflowExecutionStartedEventAttributes!;
    expect(started.input!.payloads).toHaveLength(2);
    expect(await decode<{ stateVersion: number; status: string; plannedBreak: { status: string } }>(started.input!.payloads![1]! as Payload)).toMatchObject({
      stateVersion: 1,
      status: 'participating',
      plannedBreak: { status: 'approved' },
    });
  });

  it('every command family is in the fixtures (lifecycle, services, breaks, case management, follow-ups, assessment, plans, corrections, outcomes)', () => {
    const updates = new Set(
      fixtures.flatMap((f) =>
        (f.history.events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name).filter(Boolean),
      ),
    );
    for (const name of [
      'recordParticipation',
      'addActivity',
      'closeActivity',
      'addCaseNote',
      'requestPlannedBreak',
      'approvePlannedBreak',
      'recordExclusionaryExit',
      'requestDataChange',
      'approveDataChange',
      'recordAssessmentSection',
      'createPlan',
      'declineFollowUps',
      'beginActivity',
      'addPlanGoal',
      'addPlanObjective',
      'reviewPlanObjective',
      'linkPlanService',
      'recordCredential',
      'recordSkillGain',
    ]) {
      expect([name, updates.has(name)]).toEqual([name, true]);
    }
  });
});

describe('the replay harness detects non-determinism', () => {
  it('a history replayed against changed workflow code fails with a determinism error', async () => {
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    const broken = await bundleWorkflowCode({
      workflowsPath: require.resolve('./broken'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
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
    // The run's input (and, for a run begun from a checkpoint, its carried state): ciphertext, every one.
    expect(encodings().length).toBeGreaterThan(0);
    expect(new Set(encodings())).toEqual(new Set(['binary/encrypted']));
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
