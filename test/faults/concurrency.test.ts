/**
 * Fault: many commands at once on ONE application, and bursts of retried requests racing each other
 * with the same Idempotency-Key. Real dev server, real PostgreSQL, real HTTP. Nothing may be lost or
 * doubled: every request succeeds or gets a clear 4xx problem, the workflow holds exactly the
 * successes, the PostgreSQL projection matches, and each key has exactly one effect.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import type { ApiResponse } from '../helpers/http';
import { duplicates, openCase, projectionAt, serviceBody, staffKey, today } from './support';

let env: TestWorkflowEnvironment;
let stack: Stack;

beforeAll(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { name: 'fault_concurrency', mode: 'dev' });
});

afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const post = (path: string, body: unknown, key: string): Promise<ApiResponse> => stack.http.post(path, body, { headers: { 'idempotency-key': key } });

/** A failure must be a clear, retryable-or-final 4xx problem+json, never a 5xx. */
function expectClearFailure(r: ApiResponse): void {
  expect({ status: r.status, code: r.body?.code }).toEqual({ status: expect.any(Number), code: expect.any(String) });
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
}

describe('concurrency on one application', () => {
  it('50 concurrent commands (services and case notes): each succeeds or gets a 4xx; state and projection hold exactly the successes', async () => {
    const { id, firstActivityId } = await openCase(stack.http, 'FAULT-CONC');
    const requests = Array.from({ length: 50 }, (_, i) => {
      const key = `conc-${i}`;
      return i % 5 === 4
        ? {
            key,
            kind: 'note' as const,
            path: `/api/v1/applications/${id}/case-notes`,
            body: { contactDate: today(), subject: `Note ${i}`, body: `Concurrent note ${i}.` },
          }
        : { key, kind: 'service' as const, path: `/api/v1/applications/${id}/activities`, body: serviceBody(key) };
    });
    const responses = await Promise.all(requests.map((r) => post(r.path, r.body, r.key)));

    const failed = responses.filter((r) => r.status >= 300);
    for (const r of failed) expectClearFailure(r);
    const succeeded = requests.filter((_, i) => responses[i]!.status < 300);
    for (const [i, r] of requests.entries()) {
      expect({ key: r.key, status: responses[i]!.status }).toEqual({ key: r.key, status: expect.any(Number) });
      if (responses[i]!.status < 300) expect(responses[i]!.status).toBe(201);
    }
    // On one workflow every command is applied in turn; nothing here conflicts, so all succeed.
    expect(failed.map((r) => r.body)).toEqual([]);

    // The workflow holds exactly the successful services (one each), plus the participation's.
    const view = (await stack.http.get(`/api/v1/applications/${id}`)).body;
    const servicesAdded = succeeded.filter((r) => r.kind === 'service').map((r) => r.key);
    const providers = view.activities.map((a: { provider: string | null }) => a.provider).filter((p: string | null) => p !== null);
    expect([...providers].sort()).toEqual([...servicesAdded].sort());
    expect(duplicates(view.activities.map((a: { id: string }) => a.id))).toEqual([]);
    expect(view.activities.map((a: { id: string }) => a.id)).toContain(firstActivityId);

    // PostgreSQL catches up with exactly that: same activities, one audit entry per accepted command, one note each.
    const projected = await projectionAt(stack.db, id, view.version);
    expect(projected.activities.map((a) => a.id)).toEqual(view.activities.map((a: { id: string }) => a.id).sort());
    expect(duplicates(projected.auditCommandIds)).toEqual([]);
    for (const r of succeeded) expect(projected.auditCommandIds).toContain(staffKey(r.key));
    expect(projected.auditCommandIds.filter((c) => c.includes(':conc-'))).toHaveLength(succeeded.length);
    expect(projected.caseNoteIds).toHaveLength(1 + succeeded.length);
  });

  it('10 keys × 5 concurrent retries: exactly one effect per key, identical answers; a racing different body gets 409', async () => {
    const { id } = await openCase(stack.http, 'FAULT-IDEM');
    const path = `/api/v1/applications/${id}/activities`;
    const keys = Array.from({ length: 10 }, (_, k) => `burst-${k}`);
    // Keys 0-2 also get one racing request with ANOTHER body under the same key.
    const sends = keys.flatMap((key, k) => [
      ...Array.from({ length: 5 }, () => ({ key, variant: 'a', body: serviceBody(key) })),
      ...(k < 3 ? [{ key, variant: 'b', body: serviceBody(`${key}-other-body`) }] : []),
    ]);
    // Shuffle so variants race in no fixed order.
    sends.sort(() => Math.random() - 0.5);
    const responses = await Promise.all(sends.map((s) => post(path, s.body, s.key)));
    for (const r of responses) expect(r.status).toBeLessThan(500);

    const view = (await stack.http.get(`/api/v1/applications/${id}`)).body;
    for (const key of keys) {
      const mine = sends.map((s, i) => ({ ...s, res: responses[i]! })).filter((s) => s.key === key);
      const winners = mine.filter((s) => s.res.status === 201);
      const losers = mine.filter((s) => s.res.status !== 201);
      // One variant won; every request of that variant got the same answer, every other one a 409.
      expect(new Set(winners.map((s) => s.variant)).size).toBe(1);
      const winner = winners[0]!;
      expect(winners).toHaveLength(mine.filter((s) => s.variant === winner.variant).length);
      for (const w of winners) expect(w.res.body).toEqual(winner.res.body);
      for (const l of losers) {
        expect({ status: l.res.status, code: l.res.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
      }
      // Exactly one effect, and it is the winner's body.
      const effects = view.activities.filter((a: { provider: string | null }) => a.provider === key || a.provider === `${key}-other-body`);
      expect(effects.map((a: { id: string; provider: string }) => ({ id: a.id, provider: a.provider }))).toEqual([
        { id: winner.res.body.activity.id, provider: winner.body.provider },
      ]);
    }
    const projected = await projectionAt(stack.db, id, view.version);
    expect(projected.activities).toHaveLength(1 + keys.length);
    expect(duplicates(projected.auditCommandIds)).toEqual([]);
    expect(projected.auditCommandIds.filter((c) => c.includes(':burst-'))).toHaveLength(keys.length);

    // A later retry replays the stored answer; the same key with another body is a 409.
    const again = await post(path, serviceBody('burst-5'), 'burst-5');
    expect(again.status).toBe(201);
    expect(again.body.activity).toEqual(view.activities.find((a: { provider: string }) => a.provider === 'burst-5'));
    const reused = await post(path, serviceBody('burst-5-changed'), 'burst-5');
    expect({ status: reused.status, code: reused.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('10 keys × 5 concurrent participant creates (a PostgreSQL-only effect): exactly one participant per key', async () => {
    const keys = Array.from({ length: 10 }, (_, k) => `participant-${k}`);
    const lastName = `Race${Date.now().toString(36)}`;
    const sends = keys.flatMap((key, k) => Array.from({ length: 5 }, () => ({ key, body: { firstName: `P${k}`, lastName, birthDate: '1990-01-01' } })));
    sends.sort(() => Math.random() - 0.5);
    const responses = await Promise.all(sends.map((s) => post('/api/v1/participants', s.body, s.key)));
    for (const key of keys) {
      const mine = responses.filter((_, i) => sends[i]!.key === key);
      expect(mine.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      for (const r of mine) expect(r.body).toEqual(mine[0]!.body);
    }
    const rows = await stack.db.participant.findMany({ where: { lastName }, select: { id: true, firstName: true } });
    expect(rows).toHaveLength(keys.length);
    expect(new Set(rows.map((r) => r.firstName)).size).toBe(keys.length);
  });
});
