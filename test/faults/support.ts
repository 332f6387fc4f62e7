/**
 * Shared pieces of the fault tests: a case driven over real HTTP on a real-time dev server (dates are
 * agency "today"), and what the PostgreSQL projection holds for it.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Prisma, type Db } from '../../src/db/client';
import { addDays, agencyToday } from '../../src/domain/dates';
import type { ApiResponse, apiClient } from '../helpers/http';
import { eventually } from '../helpers/wait';

export type Http = ReturnType<typeof apiClient>;

/** The agency's today on the real clock (the dev server runs in real time). */
export const today = (): string => agencyToday(Date.now(), 'America/Los_Angeles');

export const staffKey = (key: string): string => `S-DEV-STAFF:${key}`;

function expectStatus(res: ApiResponse, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

/** A participating case: participant, application (eligible 10 days ago), participation today with service 101. */
export async function openCase(http: Http, office = 'FAULT-1'): Promise<{ id: string; firstActivityId: string }> {
  const p = await http.post('/api/v1/participants', { firstName: 'Fault', lastName: 'Test', birthDate: '1980-04-04' });
  expectStatus(p, 201, 'create participant');
  const a = await http.post('/api/v1/applications', {
    participantId: p.body.id,
    programs: ['ADULT'],
    eligibilityDate: addDays(today(), -10),
    office,
    caseManagerId: 'S-1042',
  });
  expectStatus(a, 201, 'create application');
  const part = await http.post(`/api/v1/applications/${a.body.id}/participation`, {
    participationDate: today(),
    activity: { code: '101', program: 'ADULT', projectedEndDate: addDays(today(), 30), caseNote: 'Initial assessment.' },
  });
  expectStatus(part, 200, 'participation');
  return { id: a.body.id as string, firstActivityId: part.body.activity.id as string };
}

/** Body of "add service": begins today; `marker` (the provider) identifies it in the view and projection. */
export const serviceBody = (marker: string) => ({
  code: '101',
  program: 'ADULT',
  actualBeginDate: today(),
  projectedEndDate: addDays(today(), 20),
  provider: marker,
  caseNote: `Service ${marker}.`,
});

export const closeBody = () => ({ actualEndDate: today(), completionCode: 'successful' });

export interface Projection {
  version: number | null;
  activities: { id: string; status: string }[];
  auditCommandIds: string[];
  caseNoteIds: string[];
}

/** What PostgreSQL holds for one application, read from one snapshot (the writer commits one batch at a time). */
export async function projectionOf(db: Db, id: string): Promise<Projection> {
  const [app, activities, audit, notes] = await db.$transaction(
    [
      db.application.findUnique({ where: { id }, select: { version: true } }),
      db.activity.findMany({ where: { applicationId: id }, select: { id: true, status: true }, orderBy: { id: 'asc' } }),
      db.auditEntry.findMany({ where: { applicationId: id }, select: { commandId: true } }),
      db.caseNote.findMany({ where: { applicationId: id }, select: { id: true } }),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  return {
    version: app?.version ?? null,
    activities,
    auditCommandIds: audit.map((a) => a.commandId),
    caseNoteIds: notes.map((n) => n.id),
  };
}

/** Waits until the projection row has caught up with the workflow's view `version`. */
export function projectionAt(db: Db, id: string, version: number, ms = 30_000): Promise<Projection> {
  return eventually(
    () => projectionOf(db, id),
    (p) => p.version === version,
    ms,
    `the projection of ${id} at version ${version}`,
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function duplicates<T>(items: T[]): T[] {
  const seen = new Set<T>();
  return items.filter((x) => (seen.has(x) ? true : (seen.add(x), false)));
}

/**
 * A TCP proxy to `target` that can be cut (every connection destroyed, new ones refused) and
 * restored on the same port: PostgreSQL becoming unreachable without stopping the shared server.
 */
export class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Connections accepted so far. */
  connections = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    await this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    const server = createServer((client) => {
      this.connections += 1;
      const upstream = createConnection({ host: this.target.host, port: this.target.port });
      this.track(client);
      this.track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const addr = server.address();
        if (addr && typeof addr === 'object') this.port = addr.port;
        resolve();
      });
    });
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
  }

  /** Destroys every proxied connection and stops listening (connects get ECONNREFUSED). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    if (!this.server) await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
