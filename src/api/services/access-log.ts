/**
 * §11 R-AUDIT-1 "who looked at whom": every successful read of one case, every PIRL export and every
 * accepted command is appended to `access_log` (a trigger refuses UPDATE, DELETE and TRUNCATE for every
 * role, the owner included). Entries written at the same moment share one INSERT. A read waits for
 * its entry (a read that cannot be recorded is not answered); a command, whose effect is already
 * durable, does not (a failed write is logged). `drain()` waits for the entries still being written.
 */
import { type Db, sqlExecute, sqlRows } from '../../db/client';
import type { OfficeScope } from '../../config';

export type AccessAction = 'read' | 'export' | 'command';

export interface AccessEntry {
  staffId: string;
  role: string;
  action: AccessAction;
  /** The route template, e.g. `/api/v1/applications/:id/history`. */
  route: string;
  applicationId: string | null;
  participantId: string | null;
  /** The application's office (scopes the access-log report); null when no case is named. */
  office: string | null;
  requestId: string;
}

export interface AccessQuery {
  applicationId?: string;
  participantId?: string;
  staffId?: string;
  /** Inclusive lower bound (instant). */
  from?: Date;
  /** Exclusive upper bound (instant). */
  to?: Date;
  limit: number;
  offset: number;
}

interface Pending {
  entry: AccessEntry;
  at: Date;
  resolve(): void;
  reject(err: unknown): void;
}

const COLUMNS = 9;

export class AccessLog {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly onWriteError: (err: unknown) => void = () => undefined,
  ) {}

  /** Appends one entry; resolves once it is written (rejects when it could not be). */
  record(entry: AccessEntry): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, at: new Date(), resolve, reject });
    });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return done;
  }

  /** Appends one entry without waiting (commands): a failure is reported to `onWriteError`. */
  recordInBackground(entry: AccessEntry): void {
    this.record(entry).catch(this.onWriteError);
  }

  /** Resolves once every entry handed over so far is written (or failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.writing.size > 0) {
      if (this.queue.length > 0 && !this.scheduled) this.flush();
      await Promise.allSettled([...this.writing]);
      if (this.scheduled) await new Promise((r) => setImmediate(r));
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, 500);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const rows = batch.map((p, i) => {
      const e = p.entry;
      params.push(e.staffId, e.role, e.action, e.route, e.applicationId, e.participantId, e.office, e.requestId, p.at);
      const base = i * COLUMNS;
      return `(${Array.from({ length: COLUMNS }, (_, k) => `$${base + k + 1}`).join(', ')})`;
    });
    const write = sqlExecute(
      this.db,
      `INSERT INTO access_log (staff_id, role, action, route, application_id, participant_id, office, request_id, at) VALUES ${rows.join(', ')}`,
      params,
    ).then(
      () => batch.forEach((p) => p.resolve()),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
    const tracked = write.finally(() => this.writing.delete(tracked));
    this.writing.add(tracked);
  }

  /** `GET /api/v1/reports/access-log`: newest first, paged like the caseload, only the caller's offices. */
  async list(q: AccessQuery, offices: OfficeScope) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.applicationId !== undefined) add('application_id = ?', q.applicationId);
    if (q.participantId !== undefined) add('participant_id = ?', q.participantId);
    if (q.staffId !== undefined) add('staff_id = ?', q.staffId);
    if (q.from !== undefined) add('at >= ?', q.from);
    if (q.to !== undefined) add('at < ?', q.to);
    // R-AUTH-2: entries about a case of another office are not listed; entries naming no case (a PIRL
    // export, a participant registered) only to callers of every office.
    if (offices !== '*') add('office = ANY(?::text[])', [...offices]);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const page = [...params, q.limit, q.offset];
    const [rows, count] = await Promise.all([
      sqlRows<{
        staff_id: string;
        role: string;
        action: string;
        route: string;
        application_id: string | null;
        participant_id: string | null;
        request_id: string;
        at: Date;
      }>(
        this.db,
        `SELECT staff_id, role, action, route, application_id, participant_id, request_id, at FROM access_log ${clause} ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        page,
      ),
      sqlRows<{ n: string }>(this.db, `SELECT count(*)::text AS n FROM access_log ${clause}`, params),
    ]);
    return {
      items: rows.map((r) => ({
        staffId: r.staff_id,
        role: r.role,
        action: r.action,
        route: r.route,
        applicationId: r.application_id,
        participantId: r.participant_id,
        requestId: r.request_id,
        at: new Date(r.at).toISOString(),
      })),
      total: Number(count[0]?.n ?? 0),
      limit: q.limit,
      offset: q.offset,
    };
  }
}
