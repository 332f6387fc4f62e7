/**
 * sqlRows / sqlExecute (src/db/client.ts): the hot statements run on the client's own pg pool, with
 * the same database, schema and connection settings as Prisma's queries, and fall back to Prisma's
 * raw calls on a client whose pool is gone (after $disconnect Prisma reconnects with a pool of its own)
 * or that was not made by createDb (an extended client).
 */
import { createDb, type Db, sqlExecute, sqlRows } from '../../src/db/client';
import { createTestDatabase, type TestDatabase } from '../../src/db/test-database';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase('sql_pool', { migrate: false });
  db = createDb(database.url);
  await db.$executeRawUnsafe('CREATE TABLE t (k text PRIMARY KEY, n integer NOT NULL)');
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

type Session = { db: string; schema: string; app: string; pid: number };
const SESSION = "SELECT current_database() AS db, current_schema() AS schema, current_setting('application_name') AS app, pg_backend_pid() AS pid";

it('runs on the pool, not through Prisma, on the same database and session settings, with positional parameters', async () => {
  const raw = jest.spyOn(db, '$queryRawUnsafe');
  const exec = jest.spyOn(db, '$executeRawUnsafe');
  const [viaPool] = await sqlRows<Session>(db, SESSION, []);
  await sqlExecute(db, 'SELECT 1', []);
  expect([raw.mock.calls.length, exec.mock.calls.length]).toEqual([0, 0]);
  raw.mockRestore();
  exec.mockRestore();
  const [viaPrisma] = await db.$queryRawUnsafe<Session[]>(SESSION);
  expect({ ...viaPool, pid: 0 }).toEqual({ ...viaPrisma, pid: 0 });
  expect(viaPool!.db).toBe(database.name);
  expect(viaPool!.app).toBe('wioa-case-lifecycle');
  expect(await sqlRows<{ s: string; j: unknown }>(db, 'SELECT $1::text || $2::text AS s, $3::jsonb AS j', ['a', 'b', JSON.stringify({ x: [1] })])).toEqual([
    { s: 'ab', j: { x: [1] } },
  ]);
});

it('sqlExecute answers the row count (an INSERT … ON CONFLICT DO NOTHING: 1, then 0)', async () => {
  const insert = 'INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING';
  expect(await sqlExecute(db, insert, ['k1', 1])).toBe(1);
  expect(await sqlExecute(db, insert, ['k1', 2])).toBe(0);
  expect(await sqlExecute(db, 'UPDATE t SET n = $2 WHERE k = $1', ['k1', 5])).toBe(1);
  expect(await sqlRows<{ n: number }>(db, 'SELECT n FROM t WHERE k = $1', ['k1'])).toEqual([{ n: 5 }]);
});

it('a syntax error is an error (not an empty answer)', async () => {
  await expect(sqlRows(db, 'SELEC 1', [])).rejects.toThrow(/syntax/);
});

it('an extended client, and a client after $disconnect, fall back to Prisma (same answers)', async () => {
  const extended = db.$extends({}) as unknown as Db;
  expect(await sqlExecute(extended, 'INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING', ['k2', 2])).toBe(1);
  expect(await sqlRows<{ n: number }>(extended, 'SELECT n FROM t WHERE k = $1', ['k2'])).toEqual([{ n: 2 }]);

  // Only ever used through the pool, then disconnected: the pool is closed with it (no open connection left).
  const other = createDb(database.url);
  const backends = async (): Promise<number> =>
    Number(
      (
        await db.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
      )[0]!.n,
    );
  const before = await backends();
  expect(await sqlRows<{ n: number }>(other, 'SELECT n FROM t WHERE k = $1', ['k2'])).toEqual([{ n: 2 }]);
  expect(await backends()).toBe(before + 1);
  await other.$disconnect();
  expect(await backends()).toBe(before);
  const raw = jest.spyOn(other, '$queryRawUnsafe');
  expect(await sqlRows<{ n: number }>(other, 'SELECT n FROM t WHERE k = $1', ['k2'])).toEqual([{ n: 2 }]);
  expect(raw).toHaveBeenCalledTimes(1); // the fallback
  expect(await sqlExecute(other, 'UPDATE t SET n = $2 WHERE k = $1', ['k2', 3])).toBe(1);
  await other.$disconnect();
});
