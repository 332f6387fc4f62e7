import { z } from 'zod';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from './temporal/binaries';
import type { ActivityCatalog } from './domain/activity-codes';
import { defaultActivityCatalog, loadActivityCatalog } from './domain/activity-catalog';
import { DEFAULT_DATABASE_URL } from './db/url';
import { DEFAULT_EMBEDDED_POSTGRES_PORT } from './db/embedded';
import { isValidTimeZone } from './domain/dates';
import type { Role } from './domain/enums';
import { DEFAULT_TASK_QUEUE } from './temporal/task-queues';
import { DEFAULT_CHECKPOINT_AFTER_DAYS } from './temporal/checkpoint';
import { type PayloadKeys, parsePayloadKeys } from './temporal/codec';

function readCatalog(path: string): ActivityCatalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`ACTIVITY_CATALOG_PATH=${path} cannot be read as JSON: ${(err as Error).message}`);
  }
  try {
    return loadActivityCatalog(json);
  } catch (err) {
    throw new ConfigError(`ACTIVITY_CATALOG_PATH=${path}: ${(err as Error).message}`);
  }
}

/**
 * All configuration, read once from the environment and validated. Every variable is documented in
 * `.env.example`; `loadConfig` throws a `ConfigError` listing every problem at once.
 */
const TEMPORAL_MODES = ['dev', 'external', 'sandbox'] as const;
// Defined in src/temporal/task-queues.ts (config must not import the workflow contract); offered with the rest of the configuration.
export { DEFAULT_TASK_QUEUE };
export type TemporalMode = (typeof TEMPORAL_MODES)[number];
/**
 * Workflows a worker keeps in memory between tasks (the SDK's sticky cache). The SDK's own default grows
 * with the heap (~2,300 on a 4 GiB heap): bench:scale saw the worker's RSS climb by ~600 MiB per 250
 * cases and not level off at N = 1,000. With 500 it levels off at ~1.4 GiB (docs/performance.md). A case
 * waits weeks between tasks, so an evicted one simply replays its bounded (continue-as-new) history on
 * its next task: memory stays flat in the number of open cases.
 */
const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000), // 0 = any free port (tests)
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgresql:// URL'),
  /** R-IEP-7: the agency's name at the head of printed plans. */
  AGENCY_NAME: z.string().trim().min(1).max(120).default('WIOA Workforce Services'),
  AGENCY_TIME_ZONE: z.string().default('America/Los_Angeles').refine(isValidTimeZone, 'must be an IANA time zone'),
  API_TOKENS: z.string().optional(),
  TEMPORAL_MODE: z.enum(TEMPORAL_MODES).default('dev'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  DATA_DIR: z.string().default(resolve(PROJECT_ROOT, 'data')),
  /** R-EMB-1: 127.0.0.1 port of the embedded PostgreSQL `npm start` runs when DATABASE_URL is unset and nothing answers at the libpq default address. */
  EMBEDDED_POSTGRES_PORT: port.default(DEFAULT_EMBEDDED_POSTGRES_PORT),
  /** R-IMP-1: cases an import brings in at once (workflow starts and transactions in flight). */
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** docs/versioning.md: each run of a case continues as new after this many days (new cases take it at creation). */
  CHECKPOINT_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_CHECKPOINT_AFTER_DAYS),
  ALERT_EXIT_APPROACHING_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  ALERT_FOLLOWUP_DUE_SOON_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  ALERT_CASE_NOTE_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** R-IEP-6: `plan_objective_review_due` opens this many days before an objective's review date. */
  ALERT_PLAN_REVIEW_DUE_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  FOLLOW_UP_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(90),
  COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  SANDBOX_START_TIME: z.iso.datetime({ offset: true }).optional(),
  STUCK_TASK_BOUND_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  STUCK_TASK_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  ACTIVITY_CATALOG_PATH: z.string().min(1).optional(),
  PII_ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine((k) => k === undefined || Buffer.from(k, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  PAYLOAD_ENCRYPTION: bool.default(true),
  PAYLOAD_ENCRYPTION_KEYS: z.string().optional(),
  PAYLOAD_ENCRYPTION_KEY_ID: z.string().min(1).optional(),
  CODEC_TOKENS: z.string().optional(),
  CODEC_CORS_ORIGINS: z.string().optional(),
  CODEC_CORS_CREDENTIALS: bool.default(false),
  CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN: bool.optional(),
  CODEC_OIDC_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  CODEC_OIDC_ISSUER: z.string().min(1).optional(),
  CODEC_OIDC_AUDIENCE: z.string().min(1).optional(),
  CODEC_OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  CODEC_OIDC_DECODE_GROUPS: z.string().optional(),
  CODEC_OIDC_ENCODE_GROUPS: z.string().optional(),
  CODEC_OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  SDK_METRICS_ADDRESS: z
    .string()
    .default('127.0.0.1:9464')
    .refine((a) => a === '' || /^[^:\s]+:\d{1,5}$/.test(a), 'must be host:port, or empty to disable'),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_MAX_CACHED_WORKFLOWS),
  // §9 R-SUB-3 notification e-mail digests (docs/operations.md "Daily notifications")
  SMTP_URL: z
    .string()
    .optional()
    .refine((u) => u === undefined || u === '' || /^smtps?:\/\/[^\s]+$/.test(u), 'must be an smtp:// or smtps:// URL'),
  SMTP_FROM: z.string().min(3).default('WIOA alerts <wioa-alerts@localhost>'),
  STAFF_EMAILS: z.string().optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // §11 R-AUTH-1 staff sign-in through the agency's OpenID Connect provider
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** R-UI-2: the staff console's public client id at the issuer (authorization code + PKCE). */
  OIDC_CLIENT_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1–200 visible ASCII characters')
    .optional(),
  OIDC_STAFF_ID_CLAIM: z.string().min(1).default('sub'),
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  OIDC_OFFICES_CLAIM: z.string().min(1).default('offices'),
  OIDC_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // §11 R-ABUSE-1 limits
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  IDEMPOTENCY_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** A `Server-Timing` header (time waiting on Temporal, time in the API) on every answer. */
  SERVER_TIMING: bool.default(false),
});

/** The roles are the domain's (src/domain/enums `ROLES`); re-exported for the API's importers. */
export type { Role };

/**
 * §11 R-AUTH-2: the offices a caller may see and act in: office codes, or `'*'` (every office).
 */
export type OfficeScope = '*' | readonly string[];

export interface ApiToken {
  token: string;
  staffId: string;
  role: Role;
  /** R-AUTH-2: the token's offices (`'*'` when API_TOKENS names none). */
  offices: OfficeScope;
}

/** §11 R-AUTH-1: the agency's OpenID Connect provider whose access tokens the API accepts. */
export interface OidcConfig {
  /** `iss` of the tokens; `<issuer>/.well-known/openid-configuration` names the JWKS. */
  issuer: string;
  /** Accepted `aud` values (any of them). */
  audience: string[];
  /** The claim holding the staff id (default `sub`). */
  staffIdClaim: string;
  /** The array claim holding the roles `staff`, `supervisor`, `viewer` (default `roles`). */
  rolesClaim: string;
  /** The array claim holding office codes or `*` (default `offices`). */
  officesClaim: string;
  /** Clock skew accepted on `exp` and `nbf` (60 s). */
  clockToleranceSeconds: number;
  /** Minimum time between two JWKS fetches for an unknown key id (default 30 s; tests set 0). */
  jwksCooldownMs?: number;
}

/** R-AUTH-1: production refuses static tokens shorter than this. */
const MIN_PRODUCTION_TOKEN_LENGTH = 32;

/** OIDC access tokens (the Temporal UI's "pass access token") the codec server accepts (R-OPS-1). */
export interface CodecOidcConfig {
  jwksUrl: string;
  issuer: string;
  audience: string[];
  /** Claim holding the user's groups/roles (a string array, or one space/comma-separated string); dots walk nested objects. */
  groupsClaim: string;
  /** A token with one of these groups may decode. */
  decodeGroups: string[];
  /** A token with one of these groups may also encode (empty: no OIDC user may encode). */
  encodeGroups: string[];
  clockToleranceSeconds: number;
  /** Minimum time between two JWKS fetches for an unknown key id (default 30 s; tests set 0). */
  jwksCooldownMs?: number;
}

export interface CodecConfig {
  /** Static bearer tokens (operators' CLI); may decode and encode. */
  tokens: string[];
  corsOrigins: string[];
  /** Access-Control-Allow-Credentials: for a UI set to include cross-origin credentials (cookies). */
  corsCredentials: boolean;
  /**
   * Origins (the local Temporal UI's) whose calls need no token: outside production only, and only while
   * the API listens on loopback and the call comes from loopback. Empty = off.
   */
  loopbackUiOrigins: string[];
  oidc?: CodecOidcConfig;
}

/** True for a bind address reachable from this machine only. */
const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  port: number;
  host: string;
  databaseUrl: string;
  agencyTimeZone: string;
  /** R-IEP-7: printed at the head of the plan document (AGENCY_NAME). */
  agencyName: string;
  apiTokens: ApiToken[];
  temporal: {
    mode: TemporalMode;
    address: string;
    namespace: string;
    taskQueue: string;
    tls: boolean;
    tlsCertPath?: string;
    tlsKeyPath?: string;
    apiKey?: string;
    uiPort: number;
  };
  dataDir: string;
  /** R-EMB-1: where `npm start` runs its embedded PostgreSQL when it needs one (127.0.0.1). */
  embeddedPostgresPort: number;
  /** R-IMP-1: lines of an import processed concurrently. */
  importConcurrency: number;
  /** docs/versioning.md: the days after which every run of a case continues as new (CHECKPOINT_AFTER_DAYS). */
  checkpointAfterDays: number;
  /** Alert thresholds in days, given to each new case (SPEC "Alerts"). */
  alertThresholds: { exitApproachingDays: number; followUpDueSoonDays: number; caseNoteDueDays: number; planObjectiveReviewDays: number };
  /** R-FU-5 grace period in days before an overdue follow-up is missed. */
  followUpGraceDays: number;
  /** How long the API waits for a workflow to answer a command or query before a 503 (no worker polling, overload). */
  commandTimeoutMs: number;
  /** Sandbox mode: the instant the time-skipping server's clock starts at (default: now). */
  sandboxStartTime?: Date;
  /** Sandbox mode's watchdog: a workflow task pending longer than `boundMs` is reported (swept every `sweepMs`). */
  stuckTask: { boundMs: number; sweepMs: number };
  /** The agency's activity-code catalog (R-ACT-1): ACTIVITY_CATALOG_PATH, or the shipped sample. */
  activityCatalog: ActivityCatalog;
  /** 32-byte key for SSN encryption at rest (AES-256-GCM) and the SSN lookup hash. */
  piiKey: Buffer;
  /** True when the built-in development PII key is in use (never in production). */
  piiKeyIsDevDefault: boolean;
  /** Keys of the payload codec (AES-256-GCM); undefined = payloads are not encrypted (PAYLOAD_ENCRYPTION=false). */
  payloadKeys?: PayloadKeys;
  /** True when the built-in development payload key is in use (never in production). */
  payloadKeysAreDevDefault: boolean;
  /** Codec server (`/codec/decode`, `/codec/encode`) for the Temporal UI and CLI (docs/operations.md). */
  codec: CodecConfig;
  /** host:port where the Temporal SDK (worker) serves Prometheus metrics; undefined = off. */
  sdkMetricsAddress?: string;
  /** Worker tuning: workflows kept in the sticky cache (0 = none: every task replays its history). */
  worker: { maxCachedWorkflows: number };
  /** §9 R-SUB-2/R-SUB-3 daily notifications and their e-mail digests. */
  notifications: NotificationsConfig;
  /** §11 R-AUTH-1: OIDC access tokens beside the static tokens (undefined = static tokens only). */
  oidc?: OidcConfig;
  /** R-UI-2: the console signs staff in at `oidc.issuer` as this public client (undefined = no OIDC sign-in). */
  consoleOidcClientId?: string;
  /** §11 R-ABUSE-1: requests per caller and minute (0 = no limit, never in production). */
  rateLimitPerMinute: number;
  /** §11 R-ABUSE-1: days an Idempotency-Key is honoured; older keys are purged daily. */
  idempotencyTtlDays: number;
  /** SERVER_TIMING: a `Server-Timing` header (temporal, app) on every answer. */
  serverTiming: boolean;
}

export interface NotificationsConfig {
  /** SMTP_URL: digests are e-mailed only when set. */
  smtpUrl?: string;
  smtpFrom: string;
  /** STAFF_EMAILS `staffId:address,…`: where each staff member's digest goes (no address: no e-mail). */
  staffEmails: Record<string, string>;
  /** The API's address as staff reach it, for the links in the digests (PUBLIC_BASE_URL; default http://HOST:PORT). */
  publicBaseUrl: string;
}

const EMAIL = z.email();

/** STAFF_EMAILS = `staffId:address,…`; every staff id must be one of API_TOKENS (or the dev tokens). */
function parseStaffEmails(raw: string | undefined, tokens: ApiToken[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  const known = new Set(tokens.map((t) => t.staffId));
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':');
    const staffId = at > 0 ? entry.slice(0, at).trim() : '';
    const address = at > 0 ? entry.slice(at + 1).trim() : '';
    if (!staffId || !EMAIL.safeParse(address).success)
      throw new ConfigError(`STAFF_EMAILS entry '${entry}' must be staffId:address with a valid e-mail address`);
    if (!known.has(staffId)) throw new ConfigError(`STAFF_EMAILS names ${staffId}, which is not a staff id of API_TOKENS`);
    if (out[staffId] !== undefined) throw new ConfigError(`STAFF_EMAILS lists ${staffId} twice`);
    out[staffId] = address;
  }
  return out;
}

/** Development-only payload key, so a fresh clone runs (and committed fixtures replay) without set-up. */
export const DEV_PAYLOAD_KEYS = `dev-2026:${Buffer.from('wioa-development-only-codec-key!', 'utf8').toString('base64')}`;
const DEV_CODEC_TOKENS = ['dev-operator'];

/** Development-only key so a fresh clone runs without set-up; production refuses to start without its own. */
const DEV_PII_KEY = Buffer.from('wioa-development-only-pii-key-32', 'utf8');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Tokens that exist outside production when API_TOKENS is unset (SPEC §5); every office. */
export const DEV_API_TOKENS: ApiToken[] = [
  { token: 'dev-staff', staffId: 'S-DEV-STAFF', role: 'staff', offices: '*' },
  { token: 'dev-supervisor', staffId: 'S-DEV-SUPERVISOR', role: 'supervisor', offices: '*' },
  { token: 'dev-viewer', staffId: 'S-DEV-VIEWER', role: 'viewer', offices: '*' },
];

/** An office code as API_TOKENS and OIDC claims name it: 1–64 characters, no spaces, `,` `:` or `|`. */
const OFFICE_CODE = /^[^\s,:|*]{1,64}$/;

/**
 * R-AUTH-1/R-AUTH-2: API_TOKENS = `token:staffId:role[:offices]`, comma-separated; offices are office
 * codes separated by `|`, or `*` (every office; also when absent).
 */
export function parseApiTokens(raw: string): ApiToken[] {
  const tokens = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [token, staffId, role, offices, ...rest] = entry.split(':');
      if (!token || !staffId || !role || rest.length > 0 || offices === '') {
        throw new ConfigError(`API_TOKENS entry '${entry.replace(/^[^:]*/, '***')}' must be token:staffId:role[:offices]`);
      }
      if (role !== 'staff' && role !== 'supervisor' && role !== 'viewer') {
        throw new ConfigError(`API_TOKENS role '${role}' must be staff, supervisor or viewer`);
      }
      let scope: OfficeScope = '*';
      if (offices !== undefined && offices !== '*') {
        const codes = offices.split('|').map((o) => o.trim());
        const bad = codes.find((o) => !OFFICE_CODE.test(o));
        if (bad !== undefined) throw new ConfigError(`API_TOKENS offices of ${staffId} must be office codes separated by | (or *), not '${bad}'`);
        scope = [...new Set(codes)];
      }
      return { token, staffId, role, offices: scope } satisfies ApiToken;
    });
  if (tokens.length === 0) throw new ConfigError('API_TOKENS is set but lists no token');
  const seen = new Set<string>();
  for (const t of tokens) {
    if (seen.has(t.token)) throw new ConfigError(`API_TOKENS lists one token twice (staff id ${t.staffId})`);
    seen.add(t.token);
  }
  return tokens;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}\nSee .env.example for every variable.`);
  }
  const e = parsed.data;
  let apiTokens: ApiToken[];
  if (e.API_TOKENS) apiTokens = parseApiTokens(e.API_TOKENS);
  else if (e.NODE_ENV === 'production') {
    if (!e.OIDC_ISSUER)
      throw new ConfigError('API_TOKENS must be set in production (comma-separated token:staffId:role[:offices]), or OIDC_ISSUER and OIDC_AUDIENCE');
    apiTokens = [];
  } else apiTokens = DEV_API_TOKENS;
  if (e.NODE_ENV === 'production') {
    // R-AUTH-1: placeholders such as `change-me-staff` and other guessable tokens never reach production.
    const short = apiTokens.filter((t) => t.token.length < MIN_PRODUCTION_TOKEN_LENGTH).map((t) => t.staffId);
    if (short.length > 0) {
      throw new ConfigError(
        `API_TOKENS: in production every token must be at least ${MIN_PRODUCTION_TOKEN_LENGTH} characters (openssl rand -base64 32); too short for ${short.join(', ')}`,
      );
    }
  }
  let apiOidc: OidcConfig | undefined;
  if (e.OIDC_ISSUER !== undefined || e.OIDC_AUDIENCE !== undefined) {
    const audience =
      e.OIDC_AUDIENCE?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    if (!e.OIDC_ISSUER || audience.length === 0) throw new ConfigError('OIDC_ISSUER and OIDC_AUDIENCE must be set together');
    if (e.NODE_ENV === 'production' && !e.OIDC_ISSUER.startsWith('https://') && !isLoopbackHost(new URL(e.OIDC_ISSUER).hostname)) {
      throw new ConfigError('OIDC_ISSUER must be https:// in production (http only on loopback)');
    }
    apiOidc = {
      issuer: e.OIDC_ISSUER,
      audience,
      staffIdClaim: e.OIDC_STAFF_ID_CLAIM,
      rolesClaim: e.OIDC_ROLES_CLAIM,
      officesClaim: e.OIDC_OFFICES_CLAIM,
      clockToleranceSeconds: 60,
      jwksCooldownMs: e.OIDC_JWKS_COOLDOWN_SECONDS * 1000,
    };
  }
  if (e.OIDC_CLIENT_ID !== undefined && !apiOidc) throw new ConfigError('OIDC_CLIENT_ID needs OIDC_ISSUER and OIDC_AUDIENCE');
  if (e.RATE_LIMIT_PER_MINUTE === 0 && e.NODE_ENV === 'production') {
    throw new ConfigError('RATE_LIMIT_PER_MINUTE=0 (no limit) is not allowed in production');
  }
  if (e.TEMPORAL_MODE === 'sandbox' && e.NODE_ENV === 'production') {
    throw new ConfigError('TEMPORAL_MODE=sandbox (time-skipping test server) is not allowed in production');
  }
  if (!e.PII_ENCRYPTION_KEY && e.NODE_ENV === 'production') {
    throw new ConfigError('PII_ENCRYPTION_KEY must be set in production (32 random bytes, base64)');
  }
  if (!e.PAYLOAD_ENCRYPTION && e.NODE_ENV === 'production') {
    throw new ConfigError('PAYLOAD_ENCRYPTION=false is not allowed in production: histories would hold case data in clear');
  }
  if (e.PAYLOAD_ENCRYPTION && !e.PAYLOAD_ENCRYPTION_KEYS && e.NODE_ENV === 'production') {
    throw new ConfigError('PAYLOAD_ENCRYPTION_KEYS must be set in production (id:base64-32-byte-key[,id:key…])');
  }
  let payloadKeys: PayloadKeys | undefined;
  if (e.PAYLOAD_ENCRYPTION) {
    try {
      payloadKeys = parsePayloadKeys(e.PAYLOAD_ENCRYPTION_KEYS ?? DEV_PAYLOAD_KEYS, e.PAYLOAD_ENCRYPTION_KEY_ID);
    } catch (err) {
      throw new ConfigError(`PAYLOAD_ENCRYPTION_KEYS: ${(err as Error).message}`);
    }
  }
  const list = (raw: string | undefined): string[] | undefined =>
    raw === undefined
      ? undefined
      : raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const codecTokens = list(e.CODEC_TOKENS) ?? (e.NODE_ENV === 'production' ? [] : DEV_CODEC_TOKENS);
  const localUiOrigins = [`http://localhost:${e.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`];
  const corsOrigins = list(e.CODEC_CORS_ORIGINS) ?? localUiOrigins;
  if (corsOrigins.includes('*')) throw new ConfigError('CODEC_CORS_ORIGINS must list origins, not *');
  if (e.CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN === true && e.NODE_ENV === 'production') {
    throw new ConfigError('CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN=true is not allowed in production: the UI must pass an OIDC access token');
  }
  const loopbackUi = (e.CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN ?? e.NODE_ENV !== 'production') && isLoopbackHost(e.HOST);
  const oidcVars = [e.CODEC_OIDC_JWKS_URL, e.CODEC_OIDC_ISSUER, e.CODEC_OIDC_AUDIENCE, e.CODEC_OIDC_DECODE_GROUPS];
  let oidc: CodecOidcConfig | undefined;
  if (oidcVars.some((v) => v !== undefined)) {
    const decodeGroups = list(e.CODEC_OIDC_DECODE_GROUPS) ?? [];
    if (!e.CODEC_OIDC_JWKS_URL || !e.CODEC_OIDC_ISSUER || !e.CODEC_OIDC_AUDIENCE || decodeGroups.length === 0) {
      throw new ConfigError('CODEC_OIDC_JWKS_URL, CODEC_OIDC_ISSUER, CODEC_OIDC_AUDIENCE and CODEC_OIDC_DECODE_GROUPS must be set together');
    }
    const jwksHost = new URL(e.CODEC_OIDC_JWKS_URL).hostname;
    if (e.NODE_ENV === 'production' && !e.CODEC_OIDC_JWKS_URL.startsWith('https://') && !isLoopbackHost(jwksHost)) {
      throw new ConfigError('CODEC_OIDC_JWKS_URL must be https:// in production (http only on loopback)');
    }
    oidc = {
      jwksUrl: e.CODEC_OIDC_JWKS_URL,
      issuer: e.CODEC_OIDC_ISSUER,
      audience: list(e.CODEC_OIDC_AUDIENCE) ?? [],
      groupsClaim: e.CODEC_OIDC_GROUPS_CLAIM,
      decodeGroups,
      encodeGroups: list(e.CODEC_OIDC_ENCODE_GROUPS) ?? [],
      clockToleranceSeconds: e.CODEC_OIDC_CLOCK_TOLERANCE_SECONDS,
    };
  }
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together');
  }
  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    agencyTimeZone: e.AGENCY_TIME_ZONE,
    agencyName: e.AGENCY_NAME,
    apiTokens,
    temporal: {
      mode: e.TEMPORAL_MODE,
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT_PATH) || Boolean(e.TEMPORAL_API_KEY),
      tlsCertPath: e.TEMPORAL_TLS_CERT_PATH,
      tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH,
      apiKey: e.TEMPORAL_API_KEY,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    dataDir: e.DATA_DIR,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    importConcurrency: e.IMPORT_CONCURRENCY,
    checkpointAfterDays: e.CHECKPOINT_AFTER_DAYS,
    alertThresholds: {
      exitApproachingDays: e.ALERT_EXIT_APPROACHING_DAYS,
      followUpDueSoonDays: e.ALERT_FOLLOWUP_DUE_SOON_DAYS,
      caseNoteDueDays: e.ALERT_CASE_NOTE_DUE_DAYS,
      planObjectiveReviewDays: e.ALERT_PLAN_REVIEW_DUE_DAYS,
    },
    followUpGraceDays: e.FOLLOW_UP_GRACE_DAYS,
    commandTimeoutMs: e.COMMAND_TIMEOUT_MS,
    sandboxStartTime: e.SANDBOX_START_TIME ? new Date(e.SANDBOX_START_TIME) : undefined,
    stuckTask: { boundMs: e.STUCK_TASK_BOUND_MS, sweepMs: e.STUCK_TASK_SWEEP_MS },
    activityCatalog: e.ACTIVITY_CATALOG_PATH ? readCatalog(e.ACTIVITY_CATALOG_PATH) : defaultActivityCatalog,
    piiKey: e.PII_ENCRYPTION_KEY ? Buffer.from(e.PII_ENCRYPTION_KEY, 'base64') : DEV_PII_KEY,
    piiKeyIsDevDefault: !e.PII_ENCRYPTION_KEY,
    payloadKeys,
    payloadKeysAreDevDefault: Boolean(payloadKeys) && !e.PAYLOAD_ENCRYPTION_KEYS,
    codec: {
      tokens: codecTokens,
      // The local UI's origins are always allowed when its calls need no token.
      corsOrigins: loopbackUi ? [...new Set([...corsOrigins, ...localUiOrigins])] : corsOrigins,
      corsCredentials: e.CODEC_CORS_CREDENTIALS,
      loopbackUiOrigins: loopbackUi ? localUiOrigins : [],
      ...(oidc ? { oidc } : {}),
    },
    sdkMetricsAddress: e.SDK_METRICS_ADDRESS || undefined,
    worker: { maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS },
    notifications: {
      ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}),
      smtpFrom: e.SMTP_FROM,
      staffEmails: parseStaffEmails(e.STAFF_EMAILS, apiTokens),
      publicBaseUrl: (
        e.PUBLIC_BASE_URL ?? `http://${isLoopbackHost(e.HOST) || e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST}:${e.PORT}`
      ).replace(/\/+$/, ''),
    },
    ...(apiOidc ? { oidc: apiOidc } : {}),
    ...(e.OIDC_CLIENT_ID !== undefined ? { consoleOidcClientId: e.OIDC_CLIENT_ID } : {}),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    idempotencyTtlDays: e.IDEMPOTENCY_TTL_DAYS,
    serverTiming: e.SERVER_TIMING,
  };
}
