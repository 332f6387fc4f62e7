/**
 * What an operator sees, on a real Temporal dev server, through the Temporal CLI: the service runs a
 * case, then `temporal workflow describe` / `list --query` show the summary, the current details
 * (exit clock, days left, next timer) and the search attributes; the README's ready-made visibility
 * queries work; the codec server decrypts for an operator token only; `npm run replay` replays the live
 * history; `/metrics` counts requests and update rejections.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';
import { resolveTemporalCli, PROJECT_ROOT } from '../../src/temporal/binaries';
import { SA, applicationWorkflowId, followUpWorkflowId } from '../../src/workflows/application/contract';
import { followUpWorkflow } from '../../src/workflows/follow-up/workflow';
import { addDays, agencyToday, startOfAgencyDay } from '../../src/domain/dates';

let env: TestWorkflowEnvironment;
let stack: Stack;
let applicationId: string;
const office = `OPS-${Date.now().toString(36)}`; // this file's cases only
const TZ = 'America/Los_Angeles';
const today = agencyToday(Date.now(), TZ);
const lastService = addDays(today, -5);

/** The Temporal CLI (asynchronously: with the codec it calls back into this process's API). */
async function cli(args: string[], opts: { codec?: boolean; output?: 'json' | 'jsonl' | 'text' } = {}): Promise<string> {
  const codec = opts.codec ? ['--codec-endpoint', `${stack.api.url}/codec`, '--codec-auth', 'Bearer dev-operator'] : [];
  const output = ['-o', opts.output ?? 'json', '--color', 'never'];
  const { stdout } = await promisify(execFile)(resolveTemporalCli(), [...args, '--address', env.address, '--namespace', 'default', ...output, ...codec], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return stdout;
}
const describeWorkflow = async (workflowId: string, codec: boolean) => JSON.parse(await cli(['workflow', 'describe', '-w', workflowId], { codec }));
const listIds = async (query: string): Promise<string[]> =>
  (await cli(['workflow', 'list', '--query', query], { output: 'jsonl' }))
    .trim()
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const parsed = JSON.parse(line) as unknown;
      return (Array.isArray(parsed) ? parsed : [parsed]) as { execution: { workflowId: string } }[];
    })
    .map((w) => w.execution.workflowId);

/** The CLI's JSON prints search attribute values as JSON payloads (base64): decode them. */
function searchAttributesOf(described: { workflowExecutionInfo?: { searchAttributes?: { indexedFields?: Record<string, { data: string }> } } }) {
  const fields = described.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {};
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, JSON.parse(Buffer.from(v.data, 'base64').toString('utf8')) as unknown]));
}

beforeAll(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { name: 'operators', mode: 'dev', env: { FOLLOW_UP_GRACE_DAYS: '365' } });
  const { http } = stack;
  const p = await http.post('/api/v1/participants', { firstName: 'Opal', lastName: 'Operator', birthDate: '1971-02-03' });
  const a = await http.post('/api/v1/applications', {
    participantId: p.body.id,
    programs: ['ADULT'],
    eligibilityDate: addDays(today, -20),
    office,
    caseManagerId: 'S-1042',
  });
  expect(a.status).toBe(201);
  applicationId = a.body.id;
  const part = await http.post(`/api/v1/applications/${applicationId}/participation`, {
    participationDate: addDays(today, -10),
    activity: { code: '101', program: 'ADULT', projectedEndDate: today, caseNote: 'Assessment.' },
  });
  expect(part.status).toBe(200);
  const closed = await http.post(`/api/v1/applications/${applicationId}/activities/${part.body.activity.id}/close`, {
    actualEndDate: lastService,
    completionCode: 'successful',
  });
  expect(closed.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

describe('an operator inspecting a case with the Temporal CLI', () => {
  it('describe and metadata (with the codec server) show the summary, the exit-clock details and the search attributes', async () => {
    const workflowId = applicationWorkflowId(applicationId);
    const softExitDate = addDays(lastService, 91);
    const softExitAt = startOfAgencyDay(softExitDate, TZ).toISOString(); // 07:00Z or 08:00Z with DST
    const described = await eventually(
      () => describeWorkflow(workflowId, true),
      (d) => 'WioaSoftExitAt' in searchAttributesOf(d),
      15_000,
      'search attributes',
    );
    expect(described.executionConfig.userMetadata.summary).toBe(`Application ${applicationId} · ADULT · ${office}`);
    expect(described.executionConfig.userMetadata.details).toContain(`**Office:** ${office} · **Eligibility:** ${addDays(today, -20)}`);
    expect(searchAttributesOf(described)).toMatchObject({
      WioaOffice: office,
      WioaStatus: 'participating',
      WioaCaseManager: 'S-1042',
      WioaSoftExitAt: softExitAt,
    });
    const metadata = JSON.parse(await cli(['workflow', 'metadata', '-w', workflowId], { codec: true }));
    const details = metadata.queryResult[0].currentDetails as string;
    expect(details).toContain('**Status:** participating · case manager S-1042');
    expect(details).toContain(`**Exit clock:** running · last service ${lastService}`);
    expect(details).toContain(`**Next timer:** soft exit at ${softExitAt} (${softExitDate}, 86 days left)`);
  });

  it('without the codec, the summary and details are ciphertext (the search attributes stay readable)', async () => {
    const workflowId = applicationWorkflowId(applicationId);
    const described = await describeWorkflow(workflowId, false);
    expect(JSON.stringify(described.executionConfig.userMetadata.summary)).not.toContain(applicationId);
    expect(Buffer.from(described.executionConfig.userMetadata.summary.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(searchAttributesOf(described).WioaOffice).toBe(office);
    const metadata = await cli(['workflow', 'metadata', '-w', workflowId]);
    expect(metadata).not.toContain('Exit clock');
  });

  it("the README's visibility queries: an office's cases exiting soon, and overdue follow-ups", async () => {
    const workflowId = applicationWorkflowId(applicationId);
    const inWindow = `WioaOffice = '${office}' AND WioaStatus = 'participating' AND WioaSoftExitAt BETWEEN '${addDays(today, 80)}T00:00:00Z' AND '${addDays(today, 92)}T00:00:00Z'`;
    await eventually(
      () => listIds(inWindow),
      (ids) => ids.includes(workflowId),
      15_000,
      'the case in the exit window',
    );
    const outOfWindow = `WioaOffice = '${office}' AND WioaSoftExitAt < '${addDays(today, 7)}T00:00:00Z'`;
    expect(await listIds(outOfWindow)).not.toContain(workflowId);

    // The dev server runs in real time, so no case reaches its follow-ups here: start a follow-up child the
    // way the soft exit does (same workflow, ID and input), for a quarter whose due date has passed.
    const quarterId = followUpWorkflowId(applicationId, 1);
    await env.client.workflow.start(followUpWorkflow, {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: quarterId,
      // What the application gives its children (src/workflows/application/workflow.ts startFollowUps).
      typedSearchAttributes: [
        { key: SA.office, value: office },
        { key: SA.caseManager, value: 'S-1042' },
      ],
      args: [
        {
          applicationId,
          parentWorkflowId: workflowId,
          quarter: 1,
          periodStart: addDays(today, -60),
          periodEnd: addDays(today, -30),
          dueDate: addDays(today, -30),
          agencyTimeZone: TZ,
          graceDays: 365,
          prefill: null,
          searchAttributes: true,
        },
      ],
    });
    await eventually(
      () => listIds(`WorkflowType = 'followUpWorkflow' AND WioaStatus = 'followup_overdue'`),
      (ids) => ids.includes(quarterId),
      15_000,
      'the overdue follow-up',
    );
    expect(await listIds(`WioaOffice = '${office}' AND WorkflowType = 'followUpWorkflow' AND WioaStatus = 'followup_overdue'`)).toEqual([quarterId]);
    await env.client.workflow.getHandle(quarterId).terminate('test over');
  });

  it('every ready-made query in the README is accepted by the server', async () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('Ready-made visibility queries'), readme.indexOf('test/e2e/operators.test.ts` runs a case'));
    const queries = [...section.matchAll(/^ {2}\| [^|]+ \| `([^`]+)` \|$/gm)].map((m) => m[1]!);
    expect(queries.length).toBeGreaterThanOrEqual(9);
    for (const query of queries) await expect(listIds(query)).resolves.toEqual(expect.any(Array));
  });
});

describe('codec server', () => {
  const decodeRequest = async (opts: { token?: string; origin?: string; namespace?: string; payloads?: unknown[] }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-namespace': opts.namespace ?? 'default' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.origin) headers.origin = opts.origin;
    const res = await fetch(`${stack.api.url}/codec/decode`, { method: 'POST', headers, body: JSON.stringify({ payloads: opts.payloads ?? [] }) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  /** The encrypted workflow input, as the Temporal UI would send it (base64 JSON). */
  async function encryptedInput(): Promise<unknown[]> {
    const raw = new Client({ connection: env.connection, namespace: 'default' });
    const history = await raw.workflow.getHandle(applicationWorkflowId(applicationId)).fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(payloads.length).toBeGreaterThan(0);
    return payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
  }

  it('decodes the history payloads for an operator token, from the UI origin', async () => {
    const payloads = await encryptedInput();
    const res = await decodeRequest({ token: 'dev-operator', origin: 'http://localhost:8233', payloads });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    const decoded = (res.body.payloads as { data: string }[]).map((p) => JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')));
    expect(decoded[0]).toMatchObject({ applicationId, office });
  });

  it('refuses no token, a staff API token, another origin and another namespace; answers the preflight', async () => {
    const payloads = await encryptedInput();
    expect((await decodeRequest({ payloads })).status).toBe(401);
    expect((await decodeRequest({ token: 'dev-staff', payloads })).status).toBe(403);
    const evil = await decodeRequest({ token: 'dev-operator', origin: 'https://evil.example', payloads });
    expect([evil.status, evil.body.code]).toEqual([403, 'CODEC_ORIGIN_NOT_ALLOWED']);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await decodeRequest({ token: 'dev-operator', namespace: 'other', payloads })).status).toBe(403);
    const preflight = await fetch(`${stack.api.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:8233',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it("outside production, the local Web UI's origin decodes without a token (API on loopback); nothing else does", async () => {
    const payloads = await encryptedInput();
    const ui = await decodeRequest({ origin: 'http://127.0.0.1:8233', payloads });
    expect(ui.status).toBe(200);
    const decoded = (ui.body.payloads as { data: string }[]).map((p) => JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')));
    expect(decoded[0]).toMatchObject({ applicationId });
    expect((await decodeRequest({ payloads })).status).toBe(401); // no origin: the CLI must send a token
    expect((await decodeRequest({ origin: 'https://evil.example', payloads })).body.code).toBe('CODEC_ORIGIN_NOT_ALLOWED');
    // A token that is presented is checked even from the UI's origin.
    expect((await decodeRequest({ origin: 'http://127.0.0.1:8233', token: 'not-a-codec-token', payloads })).status).toBe(403);
  });

  it('a tampered payload is a clear 422, not a 500', async () => {
    const [first] = (await encryptedInput()) as { metadata: Record<string, string>; data: string }[];
    const bytes = Buffer.from(first!.data, 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    const res = await decodeRequest({ token: 'dev-operator', payloads: [{ ...first, data: bytes.toString('base64') }] });
    expect([res.status, res.body.code]).toEqual([422, 'PAYLOAD_UNDECODABLE']);
  });
});

describe('replay of a live history and metrics', () => {
  it('npm run replay -- <workflowId> fetches the running case from the server and replays it deterministically', async () => {
    const child = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/replay.ts', applicationWorkflowId(applicationId)],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, TEMPORAL_ADDRESS: env.address, NODE_ENV: 'test' },
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const out = { stdout, status };
    expect(out.stdout).toContain(`workflow ${applicationWorkflowId(applicationId)} on ${env.address}`);
    expect(out.stdout).toContain('deterministic: the current workflow code replays this history');
    expect(out.status).toBe(0);
  });

  it('/metrics has request latency by route and counts update rejections by code', async () => {
    const rejected = await stack.http.post(`/api/v1/applications/${applicationId}/case-notes`, {
      contactDate: addDays(today, 3),
      subject: 'future',
      body: 'a case note dated in the future',
    });
    expect(rejected.status).toBe(422);
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    expect(text).toMatch(/wioa_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/applications\/:id\/participation",status="200"\} 1/);
    expect(text).toMatch(/wioa_update_rejections_total\{route="\/api\/v1\/applications\/:id\/case-notes",code="FUTURE_DATE"\} 1/);
    expect(text).toContain('wioa_api_process_resident_memory_bytes');
  });
});
