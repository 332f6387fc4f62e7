/** Helpers for PostgreSQL connection URLs (`postgresql://user:pass@host:port/db?schema=x`). */

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/wioa';

/** DATABASE_URL from the environment, or the local default. */
export function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.DATABASE_URL?.trim();
  return value ? value : DEFAULT_DATABASE_URL;
}

export interface ParsedDatabaseUrl {
  /** Connection string for `pg` (the Prisma-only `schema` parameter removed). */
  connectionString: string;
  /** `?schema=` if given (tests may isolate by schema); undefined means the server default (public). */
  schema: string | undefined;
  host: string;
  port: number;
  database: string;
  user: string;
}

export function parseDatabaseUrl(databaseUrl: string): ParsedDatabaseUrl {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL (expected postgresql://user@host:port/database): ${redact(databaseUrl)}`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must start with postgresql:// (got ${url.protocol}//)`);
  }
  const schema = url.searchParams.get('schema') || undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
    throw new Error(`DATABASE_URL schema parameter must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*): ${schema}`);
  }
  url.searchParams.delete('schema');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`DATABASE_URL names no database: ${redact(databaseUrl)}`);
  return {
    connectionString: url.toString(),
    schema,
    host: url.hostname || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    database,
    user: decodeURIComponent(url.username) || process.env.PGUSER || 'postgres',
  };
}

/** The same server and credentials, another database (query parameters kept). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The URL with its password masked, for messages and logs. */
export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** pg `options` startup parameter that makes unqualified names resolve in `schema`. */
export function searchPathOption(schema: string | undefined): { options?: string } {
  return schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {};
}
