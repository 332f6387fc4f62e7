/**
 * The WIOA service as a fuzzing target: a seeded world of real resources (participants; applications
 * eligible, participating with open activities, on a pending or approved planned break, closed, exited
 * exclusionary, and soft-exited with follow-ups), hints that draw ids and dates from it, and the
 * "no stuck workflow" check against Temporal. Runs on a sandbox stack (time-skipping server).
 */
import fc from 'fast-check';
import { temporal } from '@temporalio/proto';
import type { Stack } from '../helpers/stack';
import { addDays, agencyToday } from '../../src/domain/dates';
import { COMPLETION_CODES, PROGRAMS } from '../../src/domain/enums';
import { applicationWorkflowId, followUpWorkflowId } from '../../src/workflows/application/contract';
import { type JsonSchema, anyFullDate } from './json-schema';
import { Deferred, type Exchange, type FuzzTarget, type OpenApiDocument, OpenApiFuzzer, type Operation, type Role, formatSummary } from './openapi-fuzzer';

/** The instant the sandbox clock starts at (the SPEC's basic vector). */
export const FUZZ_START = '2024-01-10T18:00:00Z';

/**
 * Stack settings for fuzzing: the API's deadline for a command is raised so that a slow machine
 * (CI under load) does not turn into 503s; a request still unanswered after the fuzzer's own
 * timeout (60 s) counts as hung.
 */
export const FUZZ_STACK_ENV: Record<string, string> = { COMMAND_TIMEOUT_MS: '45000' };

export interface World {
  participants: string[];
  applications: string[];
  activities: Map<string, string[]>;
  breaks: Map<string, string[]>;
  programs: Map<string, string[]>;
  statuses: Map<string, string>;
  codes: string[];
  /** The latest view seen of each application (change requests are drawn from its activities). */
  views: Map<string, AppView>;
  /**
   * Change request ids per application, with their latest status (`pending-own` when the supervisor
   * who decides them requested it: only SELF_APPROVAL can come of deciding it).
   */
  changeRequests: Map<string, Map<string, string>>;
}

/** The parts of an application view the fuzz target reads. */
interface AppView {
  id: string;
  status?: string;
  eligibilityDate?: string;
  participationDate?: string | null;
  activities?: {
    id?: unknown;
    code?: string;
    category?: string;
    program?: string;
    status?: string;
    actualBeginDate?: string | null;
    projectedEndDate?: string | null;
    actualEndDate?: string | null;
    completionCode?: string | null;
    enteredOn?: string;
    late?: boolean;
    entries?: { begin?: { enteredOn?: unknown; late?: unknown }; close?: { enteredOn?: unknown; late?: unknown } };
  }[];
  plannedBreak?: { id?: unknown } | null;
  programs?: unknown;
  changeRequests?: { id?: unknown; status?: unknown; requestedBy?: unknown }[];
  credentials?: { id?: unknown; enteredOn?: unknown; late?: unknown }[];
  skillGains?: { id?: unknown; enteredOn?: unknown; late?: unknown }[];
  followUps?: { quarter?: unknown; completedOn?: unknown; enteredOn?: unknown; late?: unknown }[];
  closure?: { datedOn?: unknown; enteredOn?: unknown; late?: unknown } | null;
}

const TOKENS: Record<Role, string> = { staff: 'dev-staff', supervisor: 'dev-supervisor', viewer: 'dev-viewer' };
/** The staff id behind `dev-supervisor` (src/config.ts). */
const SUPERVISOR_STAFF_ID = 'S-DEV-SUPERVISOR';

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`seeding the fuzz world: ${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

/** The application views an answer carries (a view, a command result, a list). */
function viewsIn(body: unknown): AppView[] {
  const views: unknown[] = [];
  const b = body as { application?: unknown; items?: unknown[]; exitClock?: unknown; id?: unknown } | undefined;
  if (!b || typeof b !== 'object') return [];
  if (b.application) views.push(b.application);
  if (Array.isArray(b.items)) views.push(...b.items);
  if (b.exitClock && typeof b.id === 'string') views.push(b);
  return views.filter((v): v is AppView => typeof (v as { id?: unknown } | null)?.id === 'string');
}

/** Remembers the ids an application view (or a command result) mentions. */
function harvest(world: World, body: unknown): void {
  for (const view of viewsIn(body)) {
    if (typeof view.status === 'string') world.statuses.set(view.id, view.status);
    if (!world.applications.includes(view.id)) world.applications.push(view.id);
    if (Array.isArray(view.programs))
      world.programs.set(
        view.id,
        view.programs.filter((p): p is string => typeof p === 'string'),
      );
    const acts = world.activities.get(view.id) ?? [];
    for (const a of view.activities ?? []) if (typeof a.id === 'string' && !acts.includes(a.id)) acts.push(a.id);
    world.activities.set(view.id, acts);
    const breaks = world.breaks.get(view.id) ?? [];
    if (typeof view.plannedBreak?.id === 'string' && !breaks.includes(view.plannedBreak.id)) breaks.push(view.plannedBreak.id);
    world.breaks.set(view.id, breaks);
    world.views.set(view.id, view);
    const requests = world.changeRequests.get(view.id) ?? new Map<string, string>();
    for (const r of view.changeRequests ?? []) {
      if (typeof r.id === 'string' && typeof r.status === 'string')
        requests.set(r.id, r.status === 'pending' && r.requestedBy === SUPERVISOR_STAFF_ID ? 'pending-own' : r.status);
    }
    world.changeRequests.set(view.id, requests);
  }
}

const EXITED = ['exited', 'exited_exclusionary', 'completed'];

/**
 * Invariants of one answer (2xx), beyond its schema:
 * - every view: no change request is still `pending` once the application has exited (R-DCR-3), and
 *   every dated entry carries `enteredOn` and `late` (R-TIMELY-1: activities' begin and close,
 *   credentials, skill gains, completed follow-ups, the closure; every entry of a fuzz world is
 *   recorded on the current code);
 * - a change request answered 201 is `pending` and listed in the view; an approved one is `approved`,
 *   decided by someone other than the requester, and every change it asked for is in the view;
 *   a rejected one is `rejected`;
 * - the timeliness report adds up: the total is the sum of the staff lines, each line the sum of its
 *   kinds, late ≤ entries and the rate is (entries − late) / entries.
 */
export function checkInvariants(ex: Exchange): string[] {
  if (ex.status < 200 || ex.status >= 300) return [];
  const out: string[] = [];
  for (const view of viewsIn(ex.body)) {
    const where = `application ${view.id} (${String(view.status)})`;
    if (EXITED.includes(view.status ?? '')) {
      const pending = (view.changeRequests ?? []).filter((r) => r.status === 'pending').map((r) => String(r.id));
      if (pending.length > 0) out.push(`${where}: change request(s) ${pending.join(', ')} still pending after the exit (R-DCR-3)`);
    }
    const untimed = (what: string, e: { enteredOn?: unknown; late?: unknown } | undefined | null): void => {
      if (!e || typeof e.enteredOn !== 'string' || typeof e.late !== 'boolean') out.push(`${where}: ${what} has no enteredOn/late (R-TIMELY-1)`);
    };
    for (const a of view.activities ?? []) {
      if (a.actualBeginDate) {
        untimed(`activity ${String(a.id)} (begun)`, a.entries?.begin);
        untimed(`activity ${String(a.id)}`, a);
      }
      if (a.status === 'closed') untimed(`activity ${String(a.id)} (closed)`, a.entries?.close);
    }
    for (const c of view.credentials ?? []) untimed(`credential ${String(c.id)}`, c);
    for (const g of view.skillGains ?? []) untimed(`skill gain ${String(g.id)}`, g);
    for (const f of view.followUps ?? []) if (f.completedOn !== undefined) untimed(`follow-up q${String(f.quarter)}`, f);
    if (view.closure?.datedOn) untimed('the closure', view.closure);
  }
  type CrView = {
    id: string;
    status: string;
    target: { kind: string; activityId?: string };
    changes: Record<string, unknown>;
    requestedBy: string;
    decidedBy: string | null;
  };
  const b = ex.body as { changeRequest?: CrView; application?: AppView } | undefined;
  const cr = b?.changeRequest;
  if (cr && b?.application) {
    const app = b.application;
    const listed = (app.changeRequests ?? []).find((r) => r.id === cr.id);
    if (ex.op === 'POST /api/v1/applications/{id}/change-requests' && (cr.status !== 'pending' || listed?.status !== 'pending')) {
      out.push(`change request ${cr.id}: answered ${cr.status}, listed in the view as ${String(listed?.status)} (expected pending)`);
    }
    if (ex.op.endsWith('/reject') && (cr.status !== 'rejected' || listed?.status !== 'rejected'))
      out.push(`change request ${cr.id}: rejected, but answered ${cr.status}, listed as ${String(listed?.status)}`);
    if (ex.op.endsWith('/{requestId}/approve')) {
      if (cr.status !== 'approved' || listed?.status !== 'approved')
        out.push(`change request ${cr.id}: approved, but answered ${cr.status}, listed as ${String(listed?.status)}`);
      if (cr.decidedBy === null || cr.decidedBy === cr.requestedBy)
        out.push(`change request ${cr.id}: requested by ${cr.requestedBy}, decided by ${String(cr.decidedBy)} (R-DCR-2: another supervisor)`);
      const activity = cr.target.kind === 'activity' ? (app.activities ?? []).find((a) => a.id === cr.target.activityId) : undefined;
      for (const [field, value] of Object.entries(cr.changes)) {
        const shown = cr.target.kind === 'participation' ? app.participationDate : (activity as Record<string, unknown> | undefined)?.[field];
        if (shown !== value)
          out.push(`change request ${cr.id} approved: ${cr.target.kind} ${field} is ${JSON.stringify(shown)} in the view, not ${JSON.stringify(value)}`);
      }
    }
  }
  if (ex.op === 'GET /api/v1/reports/timeliness') {
    type Line = { entries: number; lateEntries: number; onTimeRate: number };
    const r = ex.body as { items: (Line & { staffId: string; byKind: Record<string, { entries: number; lateEntries: number }> })[]; total: Line };
    const rate = (n: number, late: number) => (n === 0 ? 1 : Math.round(((n - late) / n) * 10_000) / 10_000);
    const lines = [...r.items.map((i) => ({ what: `staff ${i.staffId}`, ...i })), { what: 'total', ...r.total }];
    for (const l of lines) {
      if (l.lateEntries > l.entries || l.lateEntries < 0 || l.onTimeRate !== rate(l.entries, l.lateEntries))
        out.push(`timeliness report: ${l.what} has ${l.entries} entries, ${l.lateEntries} late, rate ${l.onTimeRate}`);
    }
    for (const i of r.items) {
      const kinds = Object.values(i.byKind);
      if (kinds.reduce((n, k) => n + k.entries, 0) !== i.entries || kinds.reduce((n, k) => n + k.lateEntries, 0) !== i.lateEntries)
        out.push(`timeliness report: staff ${i.staffId}: its kinds do not add up to its counts`);
    }
    if (r.items.reduce((n, i) => n + i.entries, 0) !== r.total.entries || r.items.reduce((n, i) => n + i.lateEntries, 0) !== r.total.lateEntries)
      out.push('timeliness report: the total is not the sum of the staff lines');
  }
  return out;
}

/** Creates resources over HTTP (outside the fuzzer's statistics) and remembers their ids. */
class Seeder {
  constructor(
    private readonly stack: Stack,
    private readonly world: World,
  ) {}

  async today(): Promise<string> {
    return agencyToday(await this.stack.env.currentTimeMs(), this.stack.config.agencyTimeZone);
  }

  async participant(p: { firstName: string; lastName: string; birthDate: string; ssn?: string }): Promise<string> {
    const res = await this.stack.http.post('/api/v1/participants', p);
    expectStatus(res, 201, 'participant');
    this.world.participants.push(res.body.id);
    return res.body.id as string;
  }

  async application(i: number, programs: string[] = ['ADULT']): Promise<string> {
    const participantId = this.world.participants[i % this.world.participants.length];
    const body = { participantId, programs, eligibilityDate: addDays(await this.today(), -10), office: 'LA-2703', caseManagerId: 'S-1042' };
    const res = await this.stack.http.post('/api/v1/applications', body);
    expectStatus(res, 201, 'application');
    harvest(this.world, res.body);
    return res.body.id as string;
  }

  async command(id: string, path: string, body: unknown, status = 200, token?: string): Promise<any> {
    const res = await this.stack.http.post(`/api/v1/applications/${id}${path}`, body, token ? { token } : {});
    expectStatus(res, status, path);
    harvest(this.world, res.body);
    return res.body;
  }

  /** Participation a week ago with an open service; returns the service's id. */
  async participate(id: string, code = '101', program = 'ADULT'): Promise<string> {
    const d = await this.today();
    const r = await this.command(id, '/participation', {
      participationDate: addDays(d, -7),
      activity: { code, program, projectedEndDate: addDays(d, 30), caseNote: 'Initial assessment.' },
    });
    return r.activity.id as string;
  }

  /** Service closed today, a future training activity and a planned break for it (approved or pending). */
  async onBreak(i: number, approve: boolean): Promise<string> {
    const id = await this.application(i);
    const service = await this.participate(id);
    const today = await this.today();
    await this.command(id, `/activities/${service}/close`, { actualEndDate: today, completionCode: 'successful' });
    const resume = addDays(today, approve ? 45 : 60);
    const future = await this.command(
      id,
      '/activities',
      { code: '328', program: 'ADULT', projectedBeginDate: resume, projectedEndDate: addDays(resume, 120), caseNote: 'Cohort starts later.' },
      201,
    );
    const br = await this.command(
      id,
      '/planned-breaks',
      { reason: approve ? 'education_break' : 'training_delay', resumeDate: resume, activityId: future.activity.id, caseNote: 'Waiting for the cohort.' },
      201,
    );
    if (approve) await this.command(id, `/planned-breaks/${br.plannedBreak.id}/approve`, {}, 200, TOKENS.supervisor);
    return id;
  }
}

/**
 * Creates the seed resources over HTTP. The clock starts at {@link FUZZ_START}; one case is driven to
 * its soft exit (so it has four follow-up children), then the others are created at the new "today".
 */
let worlds = 0;
async function seedWorld(stack: Stack): Promise<World> {
  const { http } = stack;
  const world: World = {
    participants: [],
    applications: [],
    activities: new Map(),
    breaks: new Map(),
    programs: new Map(),
    statuses: new Map(),
    codes: [],
    views: new Map(),
    changeRequests: new Map(),
  };
  const seed = new Seeder(stack, world);
  const codes = await http.get('/api/v1/activity-codes');
  expectStatus(codes, 200, 'activity codes');
  world.codes = (codes.body.codes as { code: string }[]).map((c) => c.code);
  await seed.participant({ firstName: 'Ada', lastName: 'Lovelace', birthDate: '1977-05-25' });
  // A new SSN per world: several campaigns can seed the same stack (SSNs are unique).
  worlds += 1;
  await seed.participant({ firstName: 'Grace', lastName: 'Hopper', birthDate: '1986-12-09', ssn: `123-45-${String(6788 + worlds).padStart(4, '0')}` });
  await seed.participant({ firstName: 'Zoë', lastName: 'Ñúñez-O’Brien', birthDate: '2006-02-28' });

  // A case that soft-exits: participation and service closed on L = today, closure with employment.
  const exited = await seed.application(0);
  const first = await seed.participate(exited);
  await seed.command(exited, `/activities/${first}/close`, { actualEndDate: await seed.today(), completionCode: 'successful' });
  await seed.command(exited, '/closure', {
    closureStatus: 'completed',
    employment: { employer: 'Acme', naics: '541511', hourlyWage: 31.5, hoursPerWeek: 40, startDate: await seed.today() },
  });
  expectStatus(await http.post('/api/v1/sandbox/clock/advance', { days: 92 }), 200, 'advance past the soft exit');
  for (const deadline = Date.now() + 20_000; ;) {
    const v = await http.get(`/api/v1/applications/${exited}`);
    if (v.body?.status === 'exited' && v.body.followUps?.length === 4) {
      harvest(world, v.body);
      break;
    }
    if (Date.now() > deadline) throw new Error(`seeding the fuzz world: the case did not soft-exit: ${JSON.stringify(v.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const q1 = await http.post(`/api/v1/applications/${exited}/follow-ups/1/contact-attempts`, {
    date: await seed.today(),
    time: '09:30',
    type: 'phone',
    outcome: 'no_answer',
  });
  expectStatus(q1, 201, 'contact attempt');

  // Eligible only.
  await seed.application(1, ['ADULT', 'YOUTH']);
  // Participating with an open clock-restarting service.
  await seed.participate(await seed.application(2));
  // Participating in training (skill gains need a training or individualized activity, R-MSG-1).
  await seed.participate(await seed.application(1), '328');
  // On a planned break: pending, and approved by a supervisor.
  await seed.onBreak(0, false);
  await seed.onBreak(1, true);
  // Closed program (closure recorded, clock still running).
  const closed = await seed.application(2);
  const s3 = await seed.participate(closed, '102');
  await seed.command(closed, `/activities/${s3}/close`, { actualEndDate: await seed.today(), completionCode: 'other' });
  await seed.command(closed, '/closure', { closureStatus: 'closed' });
  // Exited exclusionary: its workflow has completed.
  const gone = await seed.application(0);
  const s4 = await seed.participate(gone);
  await seed.command(gone, `/activities/${s4}/close`, { actualEndDate: await seed.today(), completionCode: 'successful' });
  await seed.command(gone, '/exclusionary-exit', { reason: '02', documentationRef: 'MED-1', caseNote: 'Health.' });
  return world;
}

/**
 * Keeps live cases coming: a campaign drives cases to exits (exclusionary exits, declines, the clock),
 * so every `every` plans a new participating case (alternately on a pending break) joins the world.
 */
function replenisher(stack: Stack, world: World, every = 50): () => Promise<void> {
  const seed = new Seeder(stack, world);
  let plans = 0;
  return async () => {
    plans += 1;
    if (plans % every !== 0) return;
    const n = plans / every;
    if (n % 2 === 0) await seed.onBreak(n, false);
    else await seed.participate(await seed.application(n));
  };
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** Dates: mostly near "today" (where the rules accept them), sometimes far, sometimes at the edges of the format. */
function dateArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: -45, max: 10 }).map((n) => new Deferred('date', n)) },
    { weight: 3, arbitrary: fc.integer({ min: -400, max: 400 }).map((n) => new Deferred('date', n)) },
    { weight: 1, arbitrary: fc.constantFrom('1000-01-01', '9999-12-31', '9999-10-01', '9999-06-30', '1970-01-01', '1969-12-31', '2000-02-29', '2024-02-29') },
    { weight: 1, arbitrary: anyFullDate() },
  );
}

const REASONS = ['Entered wrong.', 'Typo in the date.', ' Löwe — “quoted” 😀 ', 'x'];

/**
 * A change request body for the case's latest view: mostly one a case worker would send (a
 * participation date a day or two off, a projected end moved, an actual begin or end corrected on an
 * activity that has one, another completion code, another catalog code, two changes at once), and one
 * in ten that does not fit (a field the target does not have, an unknown activity): 422 / 404.
 */
function changeRequestBody(view: AppView | undefined, today: string, codes: readonly string[], n: number): unknown {
  const acts = (view?.activities ?? []).filter((a) => typeof a.id === 'string');
  const k = Math.floor(n / 10);
  const reason = REASONS[k % REASONS.length];
  const activity = (want: (a: (typeof acts)[number]) => boolean) => pick(acts.filter(want), k) ?? pick(acts, k);
  const on = (a: (typeof acts)[number] | undefined, changes: Record<string, unknown>) => ({
    target: { kind: 'activity', activityId: String(a?.id ?? 'no-activity') },
    changes,
    reason,
  });
  const shift = 1 + (k % 3);
  switch (n % 10) {
    case 0:
    case 1:
      return {
        target: { kind: 'participation' },
        changes: { participationDate: addDays(view?.participationDate ?? today, n % 2 === 0 ? -shift : shift) },
        reason,
      };
    case 2:
    case 3:
      return on(
        activity((a) => a.status !== 'closed'),
        { projectedEndDate: addDays(today, 5 + (k % 90)) },
      );
    case 4: {
      const a = activity((a) => Boolean(a.actualBeginDate));
      return on(a, { actualBeginDate: addDays(a?.actualBeginDate ?? today, k % 2 === 0 ? -shift : shift) });
    }
    case 5: {
      const a = activity((a) => a.status === 'closed');
      return on(a, { actualEndDate: addDays(a?.actualEndDate ?? today, -(k % 3)) });
    }
    case 6: {
      const a = activity((a) => a.status === 'closed');
      return on(a, {
        completionCode: pick(
          COMPLETION_CODES.filter((c) => c !== a?.completionCode),
          k,
        ),
      });
    }
    case 7:
      return on(
        activity(() => true),
        { code: pick(codes, k) ?? '101' },
      );
    case 8: {
      const a = activity((a) => a.status !== 'closed');
      return on(a, { projectedEndDate: addDays(today, 30 + (k % 30)), code: pick(codes, k) ?? '101' });
    }
    default:
      return k % 2 === 0
        ? { target: { kind: 'participation' }, changes: { projectedEndDate: addDays(today, 10) }, reason }
        : {
            target: { kind: 'activity', activityId: k % 4 === 1 ? 'no-such-activity' : String(pick(acts, k)?.id ?? 'x') },
            changes: { participationDate: today },
            reason,
          };
  }
}

/** The fuzz target for a sandbox stack and its seeded world. */
function wioaTarget(
  stack: Stack,
  world: World,
  opts: { clockLimit?: string; startAt?: string; onInvariant?: (message: string, ex: Exchange) => void } = {},
): FuzzTarget {
  const limit = opts.clockLimit ? Date.parse(opts.clockLimit) : Infinity;
  let now = Date.parse(opts.startAt ?? FUZZ_START);
  const tz = stack.config.agencyTimeZone;
  const replenish = replenisher(stack, world);
  /**
   * "Exactly one of" rules (AddActivity's begin dates, the sandbox's days/until): three plans in
   * four keep exactly one, the fourth keeps whatever the schema-driven generator produced.
   */
  const exactlyOne = (op: Operation, body: unknown, choice: number): unknown => {
    const pair = op.path.endsWith('/activities') ? ['actualBeginDate', 'projectedBeginDate'] : op.path.endsWith('/clock/advance') ? ['days', 'until'] : null;
    if (!pair || choice % 4 === 3 || typeof body !== 'object' || body === null) return body;
    const b = { ...(body as Record<string, unknown>) };
    const [keep, drop] = (choice % 2 === 0 ? pair : [...pair].reverse()) as [string, string];
    delete b[drop];
    if (b[keep] === undefined) {
      b[keep] =
        keep === 'days'
          ? 1 + (choice % 7)
          : keep === 'until'
            ? new Date(now + (1 + (choice % 9)) * 86_400_000).toISOString()
            : addDays(agencyToday(now, tz), keep === 'actualBeginDate' ? -(choice % 20) : 1 + (choice % 60));
    }
    return b;
  };
  const often = <T>(real: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>, weight = 6): fc.Arbitrary<unknown> =>
    fc.oneof({ weight, arbitrary: real }, { weight: 1, arbitrary: other });
  const randomId = fc.oneof(
    fc.uuid(),
    fc.constantFrom('nope', '0', 'wioa-application-x', 'ünïcödé-😀', '00000000-0000-0000-0000-000000000000'),
    fc.string({ minLength: 1, maxLength: 100 }),
  );

  return {
    baseUrl: stack.api.url,
    tokens: TOKENS,
    // Staff request changes and plan breaks; a supervisor (another person: R-DCR-2) decides them.
    defaultRole: (op: Operation) => (op.path.endsWith('/approve') || op.path.endsWith('/reject') ? 'supervisor' : 'staff'),
    hint(op, where, path, schema: JsonSchema) {
      const name = path[path.length - 1];
      if (where === 'path') {
        if (name === 'id')
          return often(
            fc.nat().map((n) => new Deferred('application', n)),
            randomId,
          );
        if (name === 'activityId')
          return often(
            fc.nat().map((n) => new Deferred('activity', n)),
            randomId,
          );
        if (name === 'breakId')
          return often(
            fc.nat().map((n) => new Deferred('break', n)),
            randomId,
          );
        if (name === 'requestId')
          return often(
            fc.nat().map((n) => new Deferred('changeRequest', n)),
            randomId,
          );
        return undefined;
      }
      // A change request drawn from the case's latest view (see changeRequestBody); the fuzzer's own
      // generator knows no oneOf (the target), so it would only ever send a 400.
      if (where === 'body' && path.length === 0 && op.path.endsWith('/change-requests')) return fc.nat().map((n) => new Deferred('changeRequestBody', n));
      if (where === 'query' && op.path === '/api/v1/reports/timeliness') {
        // Mostly a range ending near today (from ≤ to), sometimes reversed (422) or anywhere.
        if (name === 'from')
          return often(
            fc.integer({ min: -120, max: 0 }).map((n) => new Deferred('date', n)),
            dateArbitrary(),
            4,
          );
        if (name === 'to')
          return often(
            fc.integer({ min: 0, max: 10 }).map((n) => new Deferred('date', n)),
            dateArbitrary(),
            4,
          );
        if (name === 'office') return often(fc.constantFrom('LA-2703', 'X-1'), fc.string({ minLength: 1, maxLength: 64 }), 2);
      }
      // Outcomes are recorded within days of participation (a week ago in the seeded cases).
      if (name === 'attainedOn' || name === 'achievedOn')
        return often(
          fc.integer({ min: -6, max: 0 }).map((n) => new Deferred('date', n)),
          dateArbitrary(),
          2,
        );
      if (schema.format === 'date') return dateArbitrary();
      if (name === 'until') return fc.integer({ min: -3 * 1440, max: 20 * 1440 }).map((n) => new Deferred('instant', n));
      if (name === 'days')
        return fc.oneof({ weight: 5, arbitrary: fc.double({ min: 0.01, max: 10, noNaN: true }) }, { weight: 1, arbitrary: fc.integer({ min: 10, max: 120 }) });
      if (name === 'participantId')
        return often(
          fc.nat().map((n) => new Deferred('participant', n)),
          fc.uuid(),
          9,
        );
      if (name === 'activityId')
        return often(
          fc.nat().map((n) => new Deferred('activity', n)),
          randomId,
          4,
        );
      if (name === 'code' && world.codes.length > 0) return often(fc.constantFrom(...world.codes), fc.string({ minLength: 1, maxLength: 10 }));
      if (name === 'programs')
        return often(
          fc.uniqueArray(fc.constantFrom(...PROGRAMS), { minLength: 1, maxLength: 3 }),
          fc.array(fc.constantFrom(...PROGRAMS), { minLength: 1, maxLength: 5 }),
          9,
        );
      if (name === 'program')
        return often(
          fc.nat().map((n) => new Deferred('program', n)),
          fc.constantFrom(...PROGRAMS),
          4,
        );
      if (name === 'backdateApprovedBy') return often(fc.constant('S-DEV-SUPERVISOR'), fc.constantFrom('S-DEV-STAFF', 'S-NOBODY'), 4);
      if (name === 'staffId' || name === 'caseManagerId')
        return often(
          fc.constantFrom('S-1042', 'S-DEV-STAFF'),
          fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim().length > 0),
          2,
        );
      if (name === 'office')
        return often(
          fc.constantFrom('LA-2703', 'X-1'),
          fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim().length > 0),
          2,
        );
      // R-CRED-1 verification is a oneOf, which the generic generator does not know.
      if (name === 'verification' && where === 'body') {
        return often(
          fc.oneof(
            fc.constant({ method: 'copy_in_case_file' }),
            fc.constantFrom('Case file p. 3', 'Scan 2024/77').map((documentationRef) => ({ method: 'copy_in_case_file', documentationRef })),
            fc.constantFrom('Called the board', 'Registry lookup 88-1').map((documentationRef) => ({ method: 'verified', documentationRef })),
          ),
          fc.constantFrom('Case file p. 3', 'Scan 2024/77').map((documentationRef) => ({ method: 'verified', documentationRef: ` ${documentationRef} ` })),
          4,
        );
      }
      if (name === 'time')
        return fc
          .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
          .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
      return undefined;
    },
    resolve(d, ctx) {
      const app = ctx.params.id;
      switch (d.kind) {
        case 'application': {
          // Four in five picks go to applications where the operation can do something (follow-ups
          // exist, a break or an activity to act on); the fifth to any application.
          const fits = (id: string): boolean => {
            const status = world.statuses.get(id);
            const p = ctx.op.path;
            if (p.includes('/follow-ups/')) return status === 'exited' || status === 'completed';
            if (p.includes('{breakId}')) return (world.breaks.get(id)?.length ?? 0) > 0;
            if (p.includes('{requestId}')) return [...(world.changeRequests.get(id)?.values() ?? [])].includes('pending');
            if (p.includes('{activityId}')) return (world.activities.get(id)?.length ?? 0) > 0;
            if (p.endsWith('/participation')) return status === 'eligible';
            if (p.endsWith('/credentials') || p.endsWith('/skill-gains')) return status === 'participating' || status === 'exited';
            if (
              p.endsWith('/activities') ||
              p.endsWith('/change-requests') ||
              p.endsWith('/planned-breaks') ||
              p.endsWith('/closure') ||
              p.endsWith('/exclusionary-exit')
            )
              return status === 'participating';
            return true;
          };
          const targeted = world.applications.filter(fits);
          return pick(d.arg % 5 === 0 || targeted.length === 0 ? world.applications : targeted, Math.floor(d.arg / 5)) ?? 'no-application';
        }
        case 'participant':
          return pick(world.participants, d.arg) ?? '00000000-0000-4000-8000-000000000000';
        case 'activity': {
          // A skill gain needs a training or individualized activity (R-MSG-1): three in four picks.
          if (ctx.op.path.endsWith('/skill-gains') && d.arg % 4 !== 3) {
            const eligible = (world.views.get(app ?? '')?.activities ?? [])
              .filter((a) => a.category === 'training' || a.category === 'individualized')
              .map((a) => String(a.id));
            if (eligible.length > 0) return pick(eligible, d.arg >> 2);
          }
          return pick((app && world.activities.get(app)) || [...world.activities.values()].flat(), d.arg) ?? 'no-activity';
        }
        case 'break':
          return pick((app && world.breaks.get(app)) || [...world.breaks.values()].flat(), d.arg) ?? 'no-break';
        case 'program':
          return pick((app && world.programs.get(app)) || ['ADULT'], d.arg);
        case 'changeRequest': {
          // Three in four: a pending request of this application; else any of its requests (decided
          // ones: 409), or another application's (404).
          const mine = [...(world.changeRequests.get(app ?? '') ?? new Map<string, string>())];
          const pending = mine.filter(([, status]) => status === 'pending').map(([id]) => id);
          if (d.arg % 4 !== 3 && pending.length > 0) return pick(pending, d.arg >> 2);
          if (mine.length > 0 && d.arg % 8 !== 7)
            return pick(
              mine.map(([id]) => id),
              d.arg >> 2,
            );
          return (
            pick(
              [...world.changeRequests.values()].flatMap((m) => [...m.keys()]),
              d.arg,
            ) ?? 'no-change-request'
          );
        }
        case 'changeRequestBody':
          return changeRequestBody(world.views.get(app ?? ''), agencyToday(now, tz), world.codes, d.arg);
        case 'date':
          return addDays(agencyToday(now, tz), d.arg);
        case 'instant':
          return new Date(now + d.arg * 60_000).toISOString();
        default:
          throw new Error(`unknown deferred ${d.kind}`);
      }
    },
    adjust(op, body, choice) {
      const b = exactlyOne(op, body, choice);
      // With a clock limit, valid advances stop at it (one-minute steps once it is reached).
      if (limit === Infinity || !op.path.endsWith('/clock/advance') || typeof b !== 'object' || b === null) return b;
      const c = { ...(b as Record<string, unknown>) };
      const room = Math.max(limit - now, 60_000);
      if (typeof c.days === 'number' && c.days * 86_400_000 > room) c.days = room / 86_400_000;
      if (typeof c.until === 'string' && Date.parse(c.until) > now + room) c.until = new Date(now + room).toISOString();
      return c;
    },
    async beforeEach() {
      await replenish();
      now = await stack.env.currentTimeMs();
    },
    observe(ex: Exchange) {
      if (ex.status === 201 && ex.op === 'POST /api/v1/participants') {
        const id = (ex.body as { id?: unknown }).id;
        if (typeof id === 'string' && !world.participants.includes(id)) world.participants.push(id);
      }
      if (ex.status >= 200 && ex.status < 300) harvest(world, ex.body);
      for (const message of checkInvariants(ex)) opts.onInvariant?.(message, ex);
    },
  };
}

/**
 * Weighs operations for a campaign: the sandbox clock moves now and then, not one request in twenty,
 * and declining follow-ups (which ends a case's whole follow-up year) is rare too, though not so rare
 * that a campaign over the whole document (some 70 operations) can miss it. Change requests, and the
 * decisions on them, are weighed up: a decision needs a pending request of the same case, and with 49
 * operations an even share left the pinned seed's campaign with no request accepted.
 */
const campaignWeight = (op: Operation): number => {
  if (op.path === '/api/v1/sandbox/clock/advance') return 1;
  if (op.path.endsWith('/follow-ups/decline')) return 2;
  if (op.path.endsWith('/change-requests')) return 12;
  if (op.path.includes('/change-requests/')) return 6;
  return 3;
};

const WFT_FAILED_UNHANDLED_COMMAND = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;

interface Problem {
  kind: 'stuck-workflow' | 'unresponsive';
  message: string;
}

/**
 * Problems of one workflow: a failed run, failed workflow tasks in its history (other than the
 * benign "unhandled command" race), a workflow task being retried; and, reported only if they
 * persist, an activity failing on retry or a workflow task that never completes.
 */
async function workflowProblems(stack: Stack, workflowId: string): Promise<{ stuck: string[]; transient: string[] }> {
  const handle = stack.env.client.workflow.getHandle(workflowId);
  const stuck: string[] = [];
  const desc = await handle.describe();
  if (['FAILED', 'TERMINATED', 'TIMED_OUT'].includes(desc.status.name)) stuck.push(`${workflowId} is ${desc.status.name}`);
  const task = desc.raw.pendingWorkflowTask;
  if (task && (task.attempt ?? 1) > 1) stuck.push(`${workflowId}: its workflow task is on attempt ${task.attempt}`);
  const transient: string[] = (desc.raw.pendingActivities ?? [])
    .filter((a) => (a.attempt ?? 1) > 1)
    .map((a) => `${workflowId}: activity ${a.activityType?.name} on attempt ${a.attempt}: ${a.lastFailure?.message ?? ''}`);
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  // A workflow task started and never completed, failed or timed out: the case cannot move (this is
  // how the time-skipping server wedges); it counts only if it is still open after `settleMs`.
  const started = events.filter((e) => e.workflowTaskStartedEventAttributes).length;
  const closed = events.filter(
    (e) => e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes,
  ).length;
  if (desc.status.name === 'RUNNING' && started > closed) {
    const tail = events
      .slice(-6)
      .map(
        (e) =>
          `${
            Object.keys(e)
              .find((k) => k.endsWith('EventAttributes'))
              ?.replace('EventAttributes', '') ?? '?'
          }#${e.eventId}@${new Date(Number(e.eventTime?.seconds ?? 0) * 1000).toISOString().slice(0, 16)}`,
      )
      .join(' ');
    transient.push(
      `${workflowId}: a workflow task started at event ${events.filter((e) => e.workflowTaskStartedEventAttributes).at(-1)?.eventId} never completed (last events: ${tail})`,
    );
  }
  for (const e of events) {
    const failed = e.workflowTaskFailedEventAttributes;
    if (!failed || failed.cause === WFT_FAILED_UNHANDLED_COMMAND) continue;
    const trace = failed.failure?.stackTrace?.split('\n').slice(0, 3).join(' | ') ?? '';
    stuck.push(`${workflowId}: WorkflowTaskFailed (event ${e.eventId}, cause ${failed.cause}): ${failed.failure?.message ?? ''} ${trace}`.trim());
  }
  return { stuck, transient };
}

/**
 * Every application the campaign touched still answers GET promptly, and neither it nor its
 * follow-up children has a failed workflow task (a stuck workflow), a workflow task that never
 * completes, or a projection that keeps failing (checked again after `settleMs`: a transient
 * failure or a task in flight clears).
 */
export async function stuckWorkflows(stack: Stack, world: World, opts: { timeoutMs?: number; settleMs?: number } = {}): Promise<Problem[]> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const found: Problem[] = [];
  const retrying = new Map<string, string[]>();
  for (const id of world.applications) {
    let followUps = 0;
    try {
      const res = await fetch(`${stack.api.url}/api/v1/applications/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${TOKENS.staff}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json()) as { followUps?: unknown[] };
      if (res.status !== 200)
        found.push({ kind: 'unresponsive', message: `GET application ${id} answered ${res.status} ${JSON.stringify(body).slice(0, 300)}` });
      followUps = body.followUps?.length ?? 0;
    } catch (err) {
      found.push({ kind: 'unresponsive', message: `GET application ${id} did not answer within ${timeoutMs} ms: ${String(err)}` });
    }
    const ids = [applicationWorkflowId(id), ...(followUps > 0 ? [1, 2, 3, 4].map((q) => followUpWorkflowId(id, q)) : [])];
    for (const wf of ids) {
      try {
        const p = await workflowProblems(stack, wf);
        for (const message of p.stuck) found.push({ kind: 'stuck-workflow', message });
        if (p.transient.length > 0) retrying.set(wf, p.transient);
      } catch (err) {
        found.push({ kind: 'stuck-workflow', message: `${wf}: could not be described: ${String(err)}` });
      }
    }
  }
  // An activity failing once under load recovers; one that fails on every attempt does not.
  const deadline = Date.now() + (opts.settleMs ?? 15_000);
  while (retrying.size > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const wf of [...retrying.keys()]) {
      const p = await workflowProblems(stack, wf);
      if (p.transient.length === 0) retrying.delete(wf);
      else retrying.set(wf, p.transient);
    }
  }
  for (const messages of retrying.values()) for (const message of messages) found.push({ kind: 'stuck-workflow', message });
  return found;
}

export interface CampaignResult {
  fuzzer: OpenApiFuzzer;
  world: World;
  seconds: number;
  summary: string;
}

/** Seeds the world, runs `runs` plans, checks for stuck workflows and summarises. */
export async function runCampaign(
  stack: Stack,
  opts: { seed: number; runs: number; requestTimeoutMs?: number; clockLimit?: string; onProgress?: (done: number) => void },
): Promise<CampaignResult> {
  const world = await seedWorld(stack);
  const doc = (await stack.http.get('/openapi.json')).body as OpenApiDocument;
  // The sandbox clock after seeding (a later campaign on the same stack starts where the last one ended).
  const startAt = (await stack.http.get('/api/v1/sandbox/clock')).body.now as string;
  // Invariants are checked on every answer and reported as the fuzzer's violations.
  const found: { message: string; ex: Exchange }[] = [];
  const target = wioaTarget(stack, world, {
    startAt,
    ...(opts.clockLimit ? { clockLimit: opts.clockLimit } : {}),
    onInvariant: (message, ex) => found.push({ message, ex }),
  });
  const fuzzer = new OpenApiFuzzer(doc, target, { keyPrefix: `fuzz-${opts.seed}`, requestTimeoutMs: opts.requestTimeoutMs ?? 60_000 });
  const started = Date.now();
  await fuzzer.run({ seed: opts.seed, runs: opts.runs, weight: campaignWeight, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  for (const f of found) fuzzer.report('invariant', f.message, f.ex);
  for (const s of await stuckWorkflows(stack, world)) fuzzer.report(s.kind, s.message);
  const seconds = (Date.now() - started) / 1000;
  const summary = formatSummary(fuzzer, { seed: opts.seed, runs: opts.runs, seconds, baseUrl: stack.api.url });
  return { fuzzer, world, seconds, summary };
}
