/**
 * Real PostgreSQL (TEST_DATABASE_URL / DATABASE_URL / postgresql://postgres@127.0.0.1:5432):
 * migrations through the wasm schema engine, the Prisma client, and the test-database helper.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { Prisma, createPrismaClient, type PrismaClient } from '../../src/db/client';
import {
  DEFAULT_MIGRATIONS_DIR,
  applyMigrations,
  createMigration,
  dropDatabase,
  ensureDatabase,
  migrationSlug,
  migrationStatus,
  resolveMigration,
} from '../../src/db/migrate';
import { createTestDatabase, testDatabaseName, testServerUrl, type TestDatabase } from '../../src/db/test-database';
import { withDatabase } from '../../src/db/url';

const EXPECTED_TABLES = [
  '_prisma_migrations',
  'access_log',
  'activities',
  'alert_subscriptions',
  'alerts',
  'applications',
  'assessment_sections',
  'audit_entries',
  'case_management_groups',
  'case_notes',
  'change_requests',
  'credentials',
  'follow_ups',
  'idempotency_keys',
  'imported_cases',
  'notification_conditions',
  'notification_digests',
  'notifications',
  'participants',
  'plan_goals',
  'plan_objective_reviews',
  'plan_objectives',
  'plan_services',
  'plans',
  'skill_gains',
  'staff',
  'timed_entries',
  'wage_loads',
  'wage_quarter_coverage',
  'wage_records',
];

async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await query(withDatabase(testServerUrl(), 'postgres'), 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

async function localMigrations(): Promise<Array<{ name: string; checksum: string }>> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    dirs.map(async (name) => ({
      name,
      checksum: createHash('sha256')
        .update(await readFile(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql')))
        .digest('hex'),
    })),
  );
}

describe('database migrations (wasm schema engine)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase('migrate');
    prisma = createPrismaClient(db.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    if (db) {
      await db.drop();
      expect(await databaseExists(db.name)).toBe(false);
    }
  });

  it('creates a uniquely named database and applies every migration', async () => {
    expect(db.name).toMatch(/^wioa_test_migrate_[0-9a-f]{10}$/);
    expect(await databaseExists(db.name)).toBe(true);
    const local = await localMigrations();
    expect(local.length).toBeGreaterThan(0);
    expect(db.appliedMigrationNames).toEqual(local.map((m) => m.name));
  });

  it('creates all tables', async () => {
    const rows = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(rows.map((r) => r.table_name)).toEqual(EXPECTED_TABLES);
  });

  it('records ordinary _prisma_migrations rows with the sha256 checksum of each file', async () => {
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
      logs: string | null;
    }>(db.url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    const local = await localMigrations();
    expect(rows.map((r) => ({ name: r.migration_name, checksum: r.checksum }))).toEqual(local);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
  });

  it('re-applying is a no-op and the status is clean', async () => {
    const again = await applyMigrations(db.url);
    expect(again.appliedMigrationNames).toEqual([]);
    const [{ count }] = (await query<{ count: string }>(db.url, 'SELECT count(*) FROM _prisma_migrations')) as [{ count: string }];
    expect(Number(count)).toBe((await localMigrations()).length);
    const status = await migrationStatus(db.url);
    expect(status).toMatchObject({
      hasMigrationsTable: true,
      history: null,
      failedMigrationNames: [],
      editedMigrationNames: [],
    });
  });

  it('schema.prisma matches the committed migrations (no new migration would be generated)', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'wioa-migrations-'));
    try {
      await cp(DEFAULT_MIGRATIONS_DIR, tmp, { recursive: true });
      const result = await createMigration('drift_check', { databaseUrl: db.url, migrationsDir: tmp });
      expect(result.migrationName).toBeNull(); // if this fails: npm run db:migrate:create -- --name <change>
      expect((await readdir(tmp)).sort()).toEqual((await readdir(DEFAULT_MIGRATIONS_DIR)).sort());
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    // The shadow database used for the diff is gone.
    const shadows = await query(withDatabase(testServerUrl(), 'postgres'), "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'");
    expect(shadows).toEqual([]);
  });

  it('writes and reads rows through the Prisma client', async () => {
    const participant = await prisma.participant.create({
      data: {
        firstName: 'Ana',
        lastName: 'Lopez',
        birthDate: new Date('1977-05-25T00:00:00.000Z'),
        ssnLast4: '0577',
        pseudoSsn: true,
        createdBy: 'S-DEV-STAFF',
      },
    });
    expect(participant.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(participant.createdAt).toBeInstanceOf(Date);

    const view = { id: 'APP-1', status: 'participating', activities: [{ id: 'ACT-1', code: '101' }] };
    await prisma.application.create({
      data: {
        id: 'APP-1',
        participantId: participant.id,
        programs: ['ADULT', 'WAGNER_PEYSER'],
        office: 'LA-North',
        caseManagerId: 'S-1',
        status: 'participating',
        participationDate: new Date('2024-01-10T00:00:00.000Z'),
        softExitAt: new Date('2024-04-10T07:00:00.000Z'),
        view,
        version: 3,
        activities: {
          create: { id: 'ACT-1', code: '101', program: 'ADULT', status: 'open', actualBeginDate: new Date('2024-01-10') },
        },
        followUps: {
          create: {
            quarter: 1,
            periodStart: new Date('2024-04-01'),
            periodEnd: new Date('2024-06-30'),
            dueDate: new Date('2024-06-30'),
            status: 'required',
          },
        },
      },
    });

    const app = await prisma.application.findUniqueOrThrow({
      where: { id: 'APP-1' },
      include: { participant: true, activities: true, followUps: true },
    });
    expect(app.programs).toEqual(['ADULT', 'WAGNER_PEYSER']);
    expect(app.participationDate?.toISOString()).toBe('2024-01-10T00:00:00.000Z');
    expect(app.softExitAt?.toISOString()).toBe('2024-04-10T07:00:00.000Z');
    expect(app.view).toEqual(view);
    expect(app.exitClockState).toBe('not_started');
    expect(app.participant.birthDate.toISOString()).toBe('1977-05-25T00:00:00.000Z');
    expect(app.activities.map((a) => a.id)).toEqual(['ACT-1']);
    expect(app.followUps[0]).toMatchObject({ quarter: 1, contactAttempts: [] });

    // An older projection never overwrites a newer one (the pattern projections use).
    const stale = await prisma.application.updateMany({ where: { id: 'APP-1', version: { lt: 2 } }, data: { status: 'eligible', version: 2 } });
    expect(stale.count).toBe(0);

    const caseload = await prisma.application.findMany({ where: { caseManagerId: 'S-1', softExitAt: { lt: new Date('2024-05-01') } } });
    expect(caseload.map((a) => a.id)).toEqual(['APP-1']);
  });

  it('rejects a second audit entry for the same (applicationId, commandId)', async () => {
    const entry = {
      applicationId: 'APP-1',
      commandId: 'idem-123',
      command: 'addActivity',
      actorId: 'S-DEV-STAFF',
      actorRole: 'staff',
      at: new Date('2024-05-01T17:00:00.000Z'),
      payload: { code: '101' },
    };
    await prisma.auditEntry.create({ data: entry });
    await expect(prisma.auditEntry.create({ data: entry })).rejects.toMatchObject({
      name: 'PrismaClientKnownRequestError',
      code: 'P2002',
    });
    await expect(prisma.auditEntry.create({ data: entry })).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    // Replays can insert idempotently.
    const replay = await prisma.auditEntry.createMany({ data: [entry], skipDuplicates: true });
    expect(replay.count).toBe(0);
    // Another application may reuse the command id.
    await prisma.auditEntry.create({ data: { ...entry, applicationId: 'APP-2' } });
    expect(await prisma.auditEntry.count({ where: { commandId: 'idem-123' } })).toBe(2);
  });

  it('keeps one alert per (applicationId, type, subjectKey)', async () => {
    const key = { applicationId: 'APP-1', type: 'open_activity_past_projected_end', subjectKey: 'ACT-1' };
    await prisma.alert.upsert({
      where: { applicationId_type_subjectKey: key },
      create: { ...key, caseManagerId: 'S-1', detail: { projectedEndDate: '2024-03-01' } },
      update: {},
    });
    await prisma.alert.upsert({
      where: { applicationId_type_subjectKey: key },
      create: { ...key },
      update: { status: 'resolved', resolvedAt: new Date() },
    });
    const alerts = await prisma.alert.findMany({ where: { applicationId: 'APP-1' } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'resolved', caseManagerId: 'S-1' });
  });

  it('isolates by ?schema= when asked', async () => {
    const schemaUrl = `${db.url}?schema=tenant_x`;
    const first = await applyMigrations(schemaUrl);
    expect(first.appliedMigrationNames).toEqual((await localMigrations()).map((m) => m.name));
    const tables = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'tenant_x' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(EXPECTED_TABLES);
    expect((await applyMigrations(schemaUrl)).appliedMigrationNames).toEqual([]);

    const scoped = createPrismaClient(schemaUrl);
    try {
      await scoped.idempotencyKey.create({
        data: { key: 'k1', method: 'POST', path: '/api/v1/participants', bodyHash: 'h', statusCode: 201, responseBody: { id: 'x' } },
      });
      expect(await scoped.idempotencyKey.count()).toBe(1);
      expect(await prisma.idempotencyKey.count()).toBe(0); // public schema untouched
    } finally {
      await scoped.$disconnect();
    }
  });
});

describe('R-PART-1 migration of stored participants (participant_pseudo_ssn_flag)', () => {
  const MIGRATION = '20261201073135_participant_pseudo_ssn_flag';
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('pseudo_ssn', { migrate: false });
    dir = await mkdtemp(path.join(os.tmpdir(), 'wioa-migrations-'));
    // The history up to (not including) this migration, as a database recorded before it.
    for (const m of await localMigrations()) {
      if (m.name < MIGRATION) await cp(path.join(DEFAULT_MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
    }
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the flag and the last four digits, drops the plain pseudo-SSN, rewrites stored answers', async () => {
    await applyMigrations(db.url, { migrationsDir: dir });
    await query(
      db.url,
      `INSERT INTO participants (id, first_name, last_name, birth_date, ssn_last4, pseudo_ssn, created_by) VALUES
         ('00000000-0000-4000-8000-000000000001', 'Ana', 'Lopez', '1977-05-25', NULL, '975-25-0577', 'S-1'),
         ('00000000-0000-4000-8000-000000000002', 'Bo', 'Kim', '1980-01-02', '6789', NULL, 'S-1')`,
    );
    await query(
      db.url,
      `INSERT INTO idempotency_keys (key, method, path, body_hash, status_code, response_body) VALUES
         ('S-1:a', 'POST', '/api/v1/participants', 'h', 201, '{"id":"00000000-0000-4000-8000-000000000001","ssnLast4":null,"pseudoSsn":"975-25-0577"}'),
         ('S-1:b', 'POST', '/api/v1/participants', 'h', 201, '{"id":"00000000-0000-4000-8000-000000000002","ssnLast4":"6789","pseudoSsn":null}'),
         ('S-1:c', 'POST', '/api/v1/applications', 'h', 201, '{"id":"x","pseudoSsn":"untouched"}')`,
    );
    await applyMigrations(db.url); // the full history
    const participants = await query(db.url, 'SELECT * FROM participants ORDER BY id');
    expect(participants.map((p) => [p.ssn_last4, p.pseudo_ssn_assigned, 'pseudo_ssn' in p])).toEqual([
      ['0577', true, false],
      ['6789', false, false],
    ]);
    const answers = await query<{ response_body: unknown }>(db.url, 'SELECT response_body FROM idempotency_keys ORDER BY key');
    expect(answers.map((a) => a.response_body)).toEqual([
      { id: '00000000-0000-4000-8000-000000000001', ssnLast4: '0577', pseudoSsn: true },
      { id: '00000000-0000-4000-8000-000000000002', ssnLast4: '6789', pseudoSsn: false },
      { id: 'x', pseudoSsn: 'untouched' },
    ]);
  });
});

describe('SPEC §8 migration of stored application views (credentials_and_skill_gains)', () => {
  const MIGRATION = '20261201101157_credentials_and_skill_gains';
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('outcomes_views', { migrate: false });
    dir = await mkdtemp(path.join(os.tmpdir(), 'wioa-migrations-'));
    for (const m of await localMigrations()) {
      if (m.name < MIGRATION) await cp(path.join(DEFAULT_MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
    }
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('R-CRED-4 / R-MSG-2 views projected before §8 list no credentials and no skill gains; the tables exist and are empty', async () => {
    await applyMigrations(db.url, { migrationsDir: dir });
    await query(
      db.url,
      `INSERT INTO participants (id, first_name, last_name, birth_date, created_by) VALUES ('00000000-0000-4000-8000-000000000003', 'Cy', 'Ng', '1985-02-02', 'S-1')`,
    );
    await query(
      db.url,
      `INSERT INTO applications (id, participant_id, programs, office, status, view, version) VALUES
         ('app-old', '00000000-0000-4000-8000-000000000003', '{ADULT}', 'LA-2703', 'exited', '{"id":"app-old","status":"exited"}', 3)`,
    );
    await applyMigrations(db.url);
    const [row] = await query<{ view: Record<string, unknown> }>(db.url, "SELECT view FROM applications WHERE id = 'app-old'");
    expect(row!.view).toEqual({
      id: 'app-old',
      status: 'exited',
      credentials: [],
      skillGains: [],
      // and, by the later employment_plans migration, R-OAS-1 / R-IEP-1:
      assessment: { status: 'not_started', sections: [], completedOn: null },
      plans: [],
    });
    expect(await query(db.url, 'SELECT * FROM credentials')).toEqual([]);
    expect(await query(db.url, 'SELECT * FROM skill_gains')).toEqual([]);
  });
});

describe('SPEC §8 migration of stored application views (employment_plans)', () => {
  const MIGRATION = '20261201103000_employment_plans';
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('plan_views', { migrate: false });
    dir = await mkdtemp(path.join(os.tmpdir(), 'wioa-migrations-'));
    for (const m of await localMigrations()) {
      if (m.name < MIGRATION) await cp(path.join(DEFAULT_MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
    }
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('R-OAS-1 / R-IEP-1 views projected before the plan say "not started" and no plans; a view that has them is untouched; the tables exist', async () => {
    await applyMigrations(db.url, { migrationsDir: dir });
    await query(
      db.url,
      `INSERT INTO participants (id, first_name, last_name, birth_date, created_by) VALUES ('00000000-0000-4000-8000-000000000004', 'Di', 'Ho', '1985-02-02', 'S-1')`,
    );
    const kept = { status: 'complete', sections: [], completedOn: '2024-02-20' };
    await query(
      db.url,
      `INSERT INTO applications (id, participant_id, programs, office, status, view, version) VALUES
         ('app-old', '00000000-0000-4000-8000-000000000004', '{ADULT}', 'LA-2703', 'participating', '{"id":"app-old"}', 3),
         ('app-new', '00000000-0000-4000-8000-000000000004', '{ADULT}', 'LA-2703', 'participating', $1, 3)`,
      [JSON.stringify({ id: 'app-new', assessment: kept, plans: [{ id: 'p1' }] })],
    );
    await applyMigrations(db.url);
    const rows = await query<{ id: string; view: Record<string, unknown> }>(db.url, 'SELECT id, view FROM applications ORDER BY id');
    expect(rows.map((r) => [r.id, r.view.assessment, r.view.plans])).toEqual([
      ['app-new', kept, [{ id: 'p1' }]],
      ['app-old', { status: 'not_started', sections: [], completedOn: null }, []],
    ]);
    for (const table of ['plans', 'plan_goals', 'plan_objectives', 'plan_objective_reviews', 'plan_services', 'assessment_sections']) {
      expect(await query(db.url, `SELECT * FROM ${table}`)).toEqual([]);
    }
  });
});

describe('a failing migration', () => {
  let db: TestDatabase;
  let dir: string;
  const bad = '29991231000000_bad';

  beforeAll(async () => {
    db = await createTestDatabase('failing', { migrate: false });
    dir = await mkdtemp(path.join(os.tmpdir(), 'wioa-migrations-'));
    await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(path.join(dir, bad));
    // Semicolons inside a string literal and a $$ body, then a statement that fails.
    await writeFile(
      path.join(dir, bad, 'migration.sql'),
      [
        `CREATE TABLE "extra" ("id" INTEGER, "note" TEXT DEFAULT 'a;b');`,
        `CREATE FUNCTION extra_one() RETURNS INTEGER LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;`,
        `SELECT * FROM "no_such_table";`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is rolled back as a whole, blocks further deploys, and can be resolved', async () => {
    await expect(applyMigrations(db.url, { migrationsDir: dir })).rejects.toMatchObject({
      name: 'MigrationError',
      message: expect.stringMatching(/no_such_table/),
    });
    // Nothing of the failed file stayed behind (the script ran as one implicit transaction).
    expect(await query(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'extra'")).toEqual([]);
    const status = await migrationStatus(db.url, { migrationsDir: dir });
    expect(status.failedMigrationNames).toEqual([bad]);
    await expect(applyMigrations(db.url, { migrationsDir: dir })).rejects.toMatchObject({ code: 'P3009' });

    // Fix the file, mark the failed attempt rolled back, deploy again.
    const file = path.join(dir, bad, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace('SELECT * FROM "no_such_table";', ''));
    await resolveMigration(db.url, { rolledBack: bad }, { migrationsDir: dir });
    expect((await applyMigrations(db.url, { migrationsDir: dir })).appliedMigrationNames).toEqual([bad]);
    const [row] = await query<{ note: string; one: number }>(
      db.url,
      `SELECT column_default AS note, extra_one() AS one FROM information_schema.columns WHERE table_name = 'extra' AND column_name = 'note'`,
    );
    expect(row).toEqual({ note: "'a;b'::text", one: 1 });
  });
});

describe('migrationSlug', () => {
  it('names migrations like the prisma CLI', () => {
    expect(migrationSlug('Add provider to Activity!')).toBe('add_provider_to_activity');
    expect(migrationSlug('  init ')).toBe('init');
    expect(migrationSlug('---')).toBe('');
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database, and is a no-op when it exists', async () => {
    const name = testDatabaseName('ensure');
    const url = withDatabase(testServerUrl(), name);
    expect(await databaseExists(name)).toBe(false);
    try {
      await expect(ensureDatabase(url)).resolves.toEqual({ database: name, created: true });
      expect(await databaseExists(name)).toBe(true);
      await expect(ensureDatabase(url)).resolves.toEqual({ database: name, created: false });
      // Concurrent callers do not fail each other.
      await dropDatabase(url);
      const results = await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    } finally {
      await dropDatabase(url);
    }
    expect(await databaseExists(name)).toBe(false);
  });

  it('says which server is unreachable and how to fix it', async () => {
    const error = await ensureDatabase('postgresql://postgres@127.0.0.1:1/wioa_nowhere').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DatabaseUnavailableError', host: '127.0.0.1', port: 1 });
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).toContain('DATABASE_URL');
    await expect(applyMigrations('postgresql://postgres@127.0.0.1:1/wioa_nowhere')).rejects.toMatchObject({
      name: 'DatabaseUnavailableError',
    });
  });

  it('applyMigrations explains a missing database', async () => {
    const url = withDatabase(testServerUrl(), testDatabaseName('missing'));
    await expect(applyMigrations(url)).rejects.toThrow(/does not exist.*db:migrate/);
  });
});
