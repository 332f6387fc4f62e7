/**
 * SERVER_TIMING=true over HTTP (sandbox mode): every answer says how long the request waited on Temporal
 * (`temporal`) and how long it spent in the API besides (`app`). A command and a case read wait on
 * Temporal; the caseload (the read model in PostgreSQL) and an unauthenticated request do not; requests
 * running at once each report their own calls. Off by default: test/api/abuse.test.ts checks that no
 * answer carries the header then.
 */
import { ok, sandboxApiCase } from '../helpers/api-case';
import { parseServerTiming } from '../../src/api/middleware/server-timing';

const sandbox = sandboxApiCase('2024-01-10T18:00:00Z', { name: 'api_server_timing', env: { SERVER_TIMING: 'true' } });
const { api } = sandbox;

/** The request's latency seen by this client, and the answer's Server-Timing. */
async function timed<T extends { headers: Headers }>(send: () => Promise<T>): Promise<{ res: T; ms: number; temporal: number; app: number }> {
  const t0 = performance.now();
  const res = await send();
  const ms = performance.now() - t0;
  const st = parseServerTiming(res.headers.get('server-timing'));
  expect(Object.keys(st).sort()).toEqual(['app', 'temporal']);
  return { res, ms, temporal: st.temporal!, app: st.app! };
}

let appId: string;
let activityId: string;

describe('Server-Timing (SERVER_TIMING=true)', () => {
  it('a command waits on Temporal; what it reports fits in the latency the client saw', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Timing', lastName: 'Case', birthDate: '1970-01-01' }), 201);
    const created = await timed(() =>
      api().post('/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'X-1' }),
    );
    expect(created.res.status).toBe(201);
    appId = (created.res.body as { id: string }).id;
    const part = await timed(() =>
      api().post(`/api/v1/applications/${appId}/participation`, {
        participationDate: '2024-01-05',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-02-01', caseNote: 'Assessment.' },
      }),
    );
    expect(part.res.status).toBe(200);
    activityId = (part.res.body as { activity: { id: string } }).activity.id;
    for (const t of [created, part]) {
      expect(t.temporal).toBeGreaterThan(0);
      expect(t.app).toBeGreaterThanOrEqual(0);
      expect(t.temporal + t.app).toBeLessThanOrEqual(t.ms + 1); // rounded to 0.01 ms each
    }
  });

  it('a case read waits on Temporal (the workflow answers it); the caseload and a refused request do not', async () => {
    const read = await timed(() => api().get(`/api/v1/applications/${appId}`));
    expect(read.res.status).toBe(200);
    expect(read.temporal).toBeGreaterThan(0);
    const caseload = await timed(() => api().get('/api/v1/applications'));
    expect(caseload.res.status).toBe(200);
    expect(caseload.temporal).toBe(0);
    expect(caseload.app).toBeGreaterThan(0);
    const refused = await timed(() => api().get(`/api/v1/applications/${appId}`, { token: null }));
    expect({ status: refused.res.status, code: (refused.res.body as { code?: string }).code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(refused.temporal).toBe(0);
  });

  it('requests at the same moment each report only their own Temporal calls', async () => {
    const [command, ...reads] = await Promise.all([
      timed(() => api().post(`/api/v1/applications/${appId}/activities/${activityId}/close`, { actualEndDate: '2024-01-06', completionCode: 'successful' })),
      ...Array.from({ length: 6 }, () => timed(() => api().get('/api/v1/applications'))),
    ]);
    expect(command!.res.status).toBe(200);
    expect(command!.temporal).toBeGreaterThan(0);
    for (const r of reads) expect(r.temporal).toBe(0);
  });
});
