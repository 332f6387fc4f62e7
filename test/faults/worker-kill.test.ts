/**
 * Fault: the worker process is killed with SIGKILL while commands stream in, stays dead for a while,
 * and is started again. The API runs in this process (no worker of its own); the worker is
 * `node --import tsx src/worker/index.ts` against this file's dev server, database and task queue.
 *
 * Clients behave as documented: a command that gets `503 TEMPORAL_TIMEOUT` (no worker answered within
 * COMMAND_TIMEOUT_MS; the command may still take effect) is retried with the SAME Idempotency-Key.
 * Nothing may be lost or doubled: every accepted command is in the workflow's view and in PostgreSQL,
 * exactly once.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import type { ApiResponse } from '../helpers/http';
import { eventually } from '../helpers/wait';
import { closeBody, duplicates, openCase, projectionAt, serviceBody, sleep, staffKey } from './support';
import { WorkerProcess } from './worker-process';

let env: TestWorkflowEnvironment;
let stack: Stack;
let worker: WorkerProcess | undefined;
/** Set when the test ends (or fails): client loops stop retrying. */
let aborted = false;

const COMMAND_TIMEOUT_MS = 2_000;

beforeAll(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { name: 'fault_worker_kill', mode: 'dev', worker: false, env: { COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) } });
  worker = await startWorker();
});

afterAll(async () => {
  aborted = true;
  await worker?.kill();
  await stack?.stop();
  await env?.teardown();
});

const startWorker = (): Promise<WorkerProcess> =>
  WorkerProcess.start({ temporalAddress: env.address, taskQueue: stack.config.temporal.taskQueue, databaseUrl: stack.config.databaseUrl });

interface Sent {
  key: string;
  kind: 'add' | 'close';
  /** Every answer this command got, retries included. */
  answers: { status: number; code?: string; retryAfter: string | null }[];
  final?: ApiResponse;
}

describe('worker killed with SIGKILL mid-stream, then restarted', () => {
  it('loses no accepted command: every one is in the workflow and in PostgreSQL exactly once', async () => {
    const cases = await Promise.all([0, 1, 2].map((i) => openCase(stack.http, `FAULT-KILL-${i}`)));
    const sent: Sent[] = [];
    let stop = false;
    const accepted = (): number => sent.filter((s) => s.final).length;

    /** Sends one command until it gets a definitive answer, retrying 503s with the same key. */
    async function send(kind: Sent['kind'], key: string, path: string, body: unknown): Promise<ApiResponse> {
      const s: Sent = { key, kind, answers: [] };
      sent.push(s);
      const giveUp = Date.now() + 60_000;
      for (;;) {
        if (aborted || Date.now() > giveUp) throw new Error(`${key}: no definitive answer: ${JSON.stringify(s.answers)}`);
        const r = await stack.http.post(path, body, { headers: { 'idempotency-key': key } });
        s.answers.push({ status: r.status, code: r.body?.code, retryAfter: r.headers.get('retry-after') });
        if (r.status !== 503) {
          s.final = r;
          return r;
        }
        await sleep(300);
      }
    }

    /** One client per case: add a service, close it, again, until told to stop. */
    async function stream(c: { id: string }, i: number): Promise<void> {
      for (let n = 0; !stop; n += 1) {
        const add = await send('add', `wk-add-${i}-${n}`, `/api/v1/applications/${c.id}/activities`, serviceBody(`wk-${i}-${n}`));
        if (add.status !== 201) throw new Error(`add ${i}-${n}: ${add.status} ${JSON.stringify(add.body)}`);
        const close = await send('close', `wk-close-${i}-${n}`, `/api/v1/applications/${c.id}/activities/${add.body.activity.id}/close`, closeBody());
        if (close.status !== 200) throw new Error(`close ${i}-${n}: ${close.status} ${JSON.stringify(close.body)}`);
      }
    }

    const streams = Promise.all(cases.map((c, i) => stream(c, i)));
    const t0 = Date.now();
    const marks: Record<string, number> = {};
    try {
      await eventually(accepted, (n) => n >= 15, 30_000, 'commands accepted before the kill');
      await worker!.kill('SIGKILL');
      marks.killed = Date.now() - t0;
      const acceptedAtKill = accepted();
      // While no worker runs, commands get a bounded 503 (not a hung request); reads too.
      await eventually(
        () => sent.filter((s) => s.answers.some((a) => a.status === 503)).length,
        (n) => n >= 3,
        30_000,
        '503s while no worker runs',
      );
      const read = await stack.http.get(`/api/v1/applications/${cases[0]!.id}`);
      expect({ status: read.status, code: read.body?.code }).toEqual({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
      expect(read.headers.get('retry-after')).toBe('5');

      marks.restarting = Date.now() - t0;
      worker = await startWorker();
      marks.restarted = Date.now() - t0;
      await eventually(accepted, (n) => n >= acceptedAtKill + 15, 60_000, 'commands accepted after the restart');
      marks.recovered = Date.now() - t0;
    } catch (err) {
      aborted = true;
      throw err;
    } finally {
      stop = true;
      await streams.catch(() => undefined);
    }
    await streams; // a client that gave up is a failure

    // Every answer was a success or a clear 503 problem saying "retry with the same key".
    for (const s of sent) {
      expect({ key: s.key, status: s.final?.status }).toEqual({ key: s.key, status: s.kind === 'add' ? 201 : 200 });
      for (const a of s.answers.filter((x) => x.status !== s.final?.status)) {
        expect({ key: s.key, ...a }).toEqual({ key: s.key, status: 503, code: 'TEMPORAL_TIMEOUT', retryAfter: '5' });
      }
    }
    const retried = sent.filter((s) => s.answers.length > 1);
    expect(retried.length).toBeGreaterThanOrEqual(3);

    for (const [i, c] of cases.entries()) {
      const view = (await stack.http.get(`/api/v1/applications/${c.id}`)).body;
      const adds = sent.filter((s) => s.kind === 'add' && s.key.startsWith(`wk-add-${i}-`));
      const closes = sent.filter((s) => s.kind === 'close' && s.key.startsWith(`wk-close-${i}-`));
      // The workflow: exactly one activity per add command, the one its (last) answer named, closed if a close was sent.
      const services = view.activities.filter((a: { provider: string | null }) => a.provider !== null);
      expect(services.map((a: { id: string }) => a.id).sort()).toEqual(adds.map((s) => s.final!.body.activity.id).sort());
      expect(duplicates(services.map((a: { provider: string }) => a.provider))).toEqual([]);
      const closedIds = closes.map((s) => s.final!.body.activity.id).sort();
      expect(
        services
          .filter((a: { status: string }) => a.status === 'closed')
          .map((a: { id: string }) => a.id)
          .sort(),
      ).toEqual(closedIds);

      // PostgreSQL catches up: same activities and statuses, one audit entry and one case note per command.
      const projected = await projectionAt(stack.db, c.id, view.version, 45_000);
      expect(projected.activities).toEqual(
        view.activities
          .map((a: { id: string; status: string }) => ({ id: a.id, status: a.status }))
          .sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)),
      );
      expect(duplicates(projected.auditCommandIds)).toEqual([]);
      for (const s of [...adds, ...closes]) expect(projected.auditCommandIds).toContain(staffKey(s.key));
      expect(projected.auditCommandIds.filter((k) => k.includes(':wk-'))).toHaveLength(adds.length + closes.length);
      expect(projected.caseNoteIds).toHaveLength(1 + adds.length);
    }
    marks.projected = Date.now() - t0;
    if (process.env.FAULT_REPORT) {
      console.info(
        JSON.stringify({ ...marks, commands: sent.length, retried: retried.length, answers503: sent.reduce((n, s) => n + s.answers.length - 1, 0) }),
      );
    }
  }, 110_000);
});
