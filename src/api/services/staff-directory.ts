/**
 * §11 R-AUTH-2: the staff the service knows, in the `staff` table: the staff ids of API_TOKENS (written
 * at start-up) and everyone signed in through OIDC (from their first call): id, role, offices, first
 * and last seen. R-GRP-1 (`UNKNOWN_STAFF`), R-ACT-4 (a backdating approver must be a supervisor) and
 * case-manager assignment ask it. Every replica writes what it sees; an id seen by another replica is
 * found in the table.
 */
import type { ApiToken, OfficeScope, Role } from '../../config';
import { type Db, sqlExecute, sqlRows } from '../../db/client';
import type { Caller } from '../auth';

export interface StaffEntry {
  staffId: string;
  role: Role;
  offices: OfficeScope;
}

/** How often a caller's `last_seen_at` is written at most (per replica). */
const LAST_SEEN_EVERY_MS = 5 * 60_000;

const toColumn = (offices: OfficeScope): string[] => (offices === '*' ? ['*'] : [...offices]);
const fromColumn = (offices: string[]): OfficeScope => (offices.includes('*') ? '*' : offices);
const sameOffices = (a: OfficeScope, b: OfficeScope): boolean => (a === '*' || b === '*' ? a === b : a.length === b.length && a.every((o) => b.includes(o)));

export class StaffDirectory {
  private readonly known = new Map<string, StaffEntry & { seenWritten: number }>();
  private readonly ready: Promise<void>;

  constructor(
    private readonly db: Db,
    tokens: ApiToken[],
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    for (const t of tokens) this.known.set(t.staffId, { staffId: t.staffId, role: t.role, offices: t.offices, seenWritten: 0 });
    // API_TOKENS' staff are written once at start-up (the first time they are seen, also their first seen).
    this.ready = Promise.all(tokens.map((t) => this.write({ staffId: t.staffId, role: t.role, offices: t.offices }, 'token', false))).then(
      () => undefined,
      (err: unknown) => this.onError(err),
    );
  }

  /** Resolves once API_TOKENS' staff are written (start-up). */
  started(): Promise<void> {
    return this.ready;
  }

  /** An authenticated call: a new or changed OIDC caller is written before it goes on; last seen at most every 5 minutes. */
  async seen(caller: Caller): Promise<void> {
    const entry = this.known.get(caller.staffId);
    const now = Date.now();
    if (entry && entry.role === caller.role && sameOffices(entry.offices, caller.offices)) {
      if (now - entry.seenWritten > LAST_SEEN_EVERY_MS) {
        entry.seenWritten = now;
        this.write(caller, caller.via, true).catch(this.onError);
      }
      return;
    }
    this.known.set(caller.staffId, { staffId: caller.staffId, role: caller.role, offices: caller.offices, seenWritten: now });
    await this.write(caller, caller.via, true).catch((err: unknown) => this.onError(err));
  }

  private async write(s: StaffEntry, source: 'token' | 'oidc', touch: boolean): Promise<void> {
    await sqlExecute(
      this.db,
      `INSERT INTO staff (id, role, offices, source, first_seen_at, last_seen_at) VALUES ($1, $2, $3::text[], $4, now(), now())
       ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, offices = EXCLUDED.offices, source = EXCLUDED.source${touch ? ', last_seen_at = now()' : ''}`,
      [s.staffId, s.role, toColumn(s.offices), source],
    );
  }

  /** The entries of the given ids that exist (this replica's memory, then the table). */
  async lookup(staffIds: readonly string[]): Promise<Map<string, StaffEntry>> {
    await this.ready;
    const out = new Map<string, StaffEntry>();
    const missing: string[] = [];
    for (const id of new Set(staffIds)) {
      const e = this.known.get(id);
      if (e) out.set(id, { staffId: e.staffId, role: e.role, offices: e.offices });
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await sqlRows<{ id: string; role: Role; offices: string[] }>(this.db, 'SELECT id, role, offices FROM staff WHERE id = ANY($1::text[])', [
        missing,
      ]);
      for (const r of rows) out.set(r.id, { staffId: r.id, role: r.role, offices: fromColumn(r.offices) });
    }
    return out;
  }

  /** The ids among `staffIds` the directory knows. */
  async knownIds(staffIds: readonly string[]): Promise<Set<string>> {
    return new Set((await this.lookup(staffIds)).keys());
  }

  /** R-ACT-4: whether `staffId` is a known supervisor. */
  async isSupervisor(staffId: string): Promise<boolean> {
    return (await this.lookup([staffId])).get(staffId)?.role === 'supervisor';
  }
}
