/**
 * §11 R-AUDIT-1 "who looked at whom" over HTTP (sandbox mode): every successful read of one case, every
 * PIRL export and every accepted command is in the append-only `access_log` (the database refuses
 * UPDATE, DELETE and TRUNCATE, the owner included); `GET /api/v1/reports/access-log` lists it for a
 * supervisor, in scope; the request log line carries the staff id.
 */
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { ASSESSMENT_SECTIONS } from '../../src/domain/assessment';
import { sqlExecute } from '../../src/db/client';

const logLines: string[] = [];
const sandbox = sandboxApiCase('2024-02-20T18:00:00Z', {
  name: 'api_access_log',
  env: {
    API_TOKENS:
      'dev-staff:S-CM-1:staff:LA-2703,dev-supervisor:S-SUP-1:supervisor:LA-2703,dev-viewer:S-VIEW:viewer,sup-far:S-SUP-FAR:supervisor:SD-0101,sup-all:S-SUP-ALL:supervisor',
    LOG_LEVEL: 'info',
  },
  logDestination: { write: (line: string) => void logLines.push(line) },
});
const { api } = sandbox;
const SUP = { token: 'dev-supervisor' };

let id: string;
let participantId: string;
let planId: string;
const expected: { action: string; route: string; staffId: string; requestId: string }[] = [];

/** Calls, and remembers what the access log must hold for it (the answer's x-request-id). */
async function logged<T>(
  action: string,
  route: string,
  staffId: string,
  res: Promise<{ status: number; headers: Headers; body: T }>,
  status = 200,
): Promise<T> {
  const r = await res;
  expect(r.status).toBe(status);
  expected.push({ action, route, staffId, requestId: r.headers.get('x-request-id')! });
  return r.body;
}

async function entries(query = '', who = SUP) {
  return ok(api().get(`/api/v1/reports/access-log${query}`, who));
}

describe('R-AUDIT-1 the access log', () => {
  it('R-AUDIT-1 accepted commands and successful reads of one case are logged: staff id, role, action, route, application, participant, request id, instant', async () => {
    const p = await logged(
      'command',
      '/api/v1/participants',
      'S-CM-1',
      api().post('/api/v1/participants', { firstName: 'Lee', lastName: 'Looked', birthDate: '1990-04-04' }),
      201,
    );
    participantId = (p as any).id;
    const app: any = await logged(
      'command',
      '/api/v1/applications',
      'S-CM-1',
      api().post('/api/v1/applications', { participantId, programs: ['ADULT'], eligibilityDate: '2024-01-20', office: 'LA-2703' }),
      201,
    );
    id = app.id;
    const base = `/api/v1/applications/${id}`;
    await logged(
      'command',
      '/api/v1/applications/:id/participation',
      'S-CM-1',
      api().post(`${base}/participation`, {
        participationDate: '2024-02-01',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-03-31', caseNote: 'Orientation.' },
      }),
    );
    for (const section of ASSESSMENT_SECTIONS)
      await logged(
        'command',
        '/api/v1/applications/:id/assessment/sections/:section',
        'S-CM-1',
        api().put(`${base}/assessment/sections/${section}`, { status: 'complete', summary: 'ok' }),
      );
    await logged(
      'command',
      '/api/v1/applications/:id/activities',
      'S-CM-1',
      api().post(`${base}/activities`, { code: '205', program: 'ADULT', actualBeginDate: '2024-02-15', projectedEndDate: '2024-03-31', caseNote: 'IEP.' }),
      201,
    );
    const plan: any = await logged(
      'command',
      '/api/v1/applications/:id/plans',
      'S-CM-1',
      api().post(`${base}/plans`, { startDate: '2024-02-15', office: 'LA-2703' }),
      201,
    );
    planId = plan.plan.id;

    await logged('read', '/api/v1/applications/:id', 'S-VIEW', api().get(base, { token: 'dev-viewer' }));
    await logged('read', '/api/v1/applications/:id/history', 'S-SUP-1', api().get(`${base}/history`, SUP));
    await logged('read', '/api/v1/applications/:id/assessment', 'S-CM-1', api().get(`${base}/assessment`));
    await logged('read', '/api/v1/applications/:id/plans/:planId', 'S-CM-1', api().get(`${base}/plans/${planId}`));
    await logged('read', '/api/v1/applications/:id/plans/:planId/document', 'S-VIEW', api().get(`${base}/plans/${planId}/document`, { token: 'dev-viewer' }));

    const log = await entries(`?applicationId=${id}&limit=200`);
    const rows = await sandbox.stack.db.accessLogEntry.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => ({ action: r.action, route: r.route, staffId: r.staffId, requestId: r.requestId }))).toEqual(expected);
    const ofCase = expected.filter((e) => e.route !== '/api/v1/participants');
    expect(log.total).toBe(ofCase.length);
    // Newest first; every entry names the case and its participant.
    expect(log.items.map((i: any) => i.requestId)).toEqual(ofCase.map((e) => e.requestId).reverse());
    for (const item of log.items) {
      expect(item).toEqual({
        staffId: expect.any(String),
        role: expect.stringMatching(/^(staff|supervisor|viewer)$/),
        action: expect.any(String),
        route: expect.any(String),
        applicationId: id,
        participantId,
        requestId: expect.any(String),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
    }
    expect(log.items.find((i: any) => i.route === '/api/v1/applications/:id/history')).toMatchObject({
      staffId: 'S-SUP-1',
      role: 'supervisor',
      action: 'read',
    });
    // The registration of the participant names the participant (no case yet).
    expect(rows[0]).toMatchObject({ route: '/api/v1/participants', participantId, applicationId: null });
  });

  it('R-AUDIT-1 failed reads and refused commands are not logged; lists are not reads of one case', async () => {
    const count = () => sandbox.stack.db.accessLogEntry.count();
    const n = await count();
    await problem(api().get('/api/v1/applications/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    await problem(api().get(`/api/v1/applications/${id}/plans/nope`), 404, 'PLAN_NOT_FOUND');
    await problem(api().post(`/api/v1/applications/${id}/plans`, { startDate: '2024-02-16', office: 'LA-2703' }), 409, 'PLAN_ALREADY_OPEN');
    await problem(api().post(`/api/v1/applications/${id}/case-notes`, { contactDate: 'nope', subject: 'x', body: 'y' }), 400, 'VALIDATION_FAILED');
    await problem(api().get(`/api/v1/applications/${id}`, { token: 'sup-far' }), 404, 'NOT_FOUND'); // out of scope
    await ok(api().get('/api/v1/applications'));
    await ok(api().get('/api/v1/alerts'));
    expect(await count()).toBe(n);
  });

  it('R-AUDIT-1 a PIRL export is logged as an export', async () => {
    const res = await api().get('/api/v1/reports/pirl?period=PY2023', SUP);
    expect(res.status).toBe(200);
    const last = await sandbox.stack.db.accessLogEntry.findFirst({ orderBy: { id: 'desc' } });
    expect(last).toMatchObject({
      action: 'export',
      route: '/api/v1/reports/pirl',
      staffId: 'S-SUP-1',
      applicationId: null,
      participantId: null,
      requestId: res.headers.get('x-request-id'),
    });
  });

  it("R-AUDIT-1 GET /api/v1/reports/access-log: supervisors only, filters, paging, only the caller's offices", async () => {
    await problem(api().get('/api/v1/reports/access-log'), 403, 'FORBIDDEN');
    await problem(api().get('/api/v1/reports/access-log', { token: 'dev-viewer' }), 403, 'FORBIDDEN');
    const byViewer = await entries('?staffId=S-VIEW');
    expect(byViewer.items.map((i: any) => i.route)).toEqual(['/api/v1/applications/:id/plans/:planId/document', '/api/v1/applications/:id']);
    expect((await entries(`?participantId=${participantId}`)).total).toBe(expected.length - 1);
    const page = await entries(`?applicationId=${id}&limit=2&offset=1`);
    expect(page).toMatchObject({ limit: 2, offset: 1, total: expected.length - 1 });
    expect(page.items).toHaveLength(2);
    expect((await entries('?from=2024-02-20&to=2024-02-20')).total).toBe(0); // the sandbox day, not the real one
    const today = new Date().toISOString().slice(0, 10);
    expect((await entries(`?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${today}`)).total).toBe(expected.length - 1);
    await problem(api().get(`/api/v1/reports/access-log?from=${today}&to=2020-01-01`, SUP), 422, 'INVALID_DATE_RANGE');
    await problem(api().get('/api/v1/reports/access-log?from=yesterday', SUP), 400, 'VALIDATION_FAILED');
    // R-AUTH-2: a supervisor of another office sees none of it; one of every office sees everything (the export too).
    expect((await entries('', { token: 'sup-far' })).total).toBe(0);
    expect((await entries('', { token: 'sup-all' })).total).toBe(expected.length + 1);
  });

  it('R-AUDIT-1 the table is append-only: UPDATE, DELETE and TRUNCATE are refused, for the owner too', async () => {
    const db = sandbox.stack.db;
    const owner = await db.$queryRawUnsafe<{ owner: string; me: string }[]>(
      "SELECT tableowner AS owner, current_user AS me FROM pg_tables WHERE tablename = 'access_log'",
    );
    expect(owner[0]!.owner).toBe(owner[0]!.me);
    await expect(sqlExecute(db, "UPDATE access_log SET staff_id = 'S-NOBODY'", [])).rejects.toThrow(/append-only/);
    await expect(sqlExecute(db, 'DELETE FROM access_log', [])).rejects.toThrow(/append-only/);
    await expect(sqlExecute(db, 'TRUNCATE access_log', [])).rejects.toThrow(/append-only/);
    await expect(db.accessLogEntry.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await db.accessLogEntry.count()).toBeGreaterThan(expected.length);
  });

  it('R-AUDIT-1 the request log line carries the staff id', async () => {
    const res = await api().get(`/api/v1/applications/${id}`, { token: 'dev-viewer' });
    const reqId = res.headers.get('x-request-id');
    await new Promise((r) => setTimeout(r, 50));
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.req?.id === reqId && l.res);
    expect(line).toMatchObject({ staffId: 'S-VIEW', res: { statusCode: 200 } });
    expect(JSON.stringify(line)).not.toContain('dev-viewer'); // never the token
  });
});
