/**
 * schemathesis (an independent OpenAPI fuzzer, PyPI, pinned by scripts/install-tools.mjs) against the
 * real stack in sandbox mode: every check, every phase — examples, coverage, fuzzing and the stateful
 * phase that walks a case through the document's OpenAPI links — with a bounded budget so that it fits
 * in CI. Any failure (a response that breaks its schema, a schema-valid request refused as invalid, a
 * schema-invalid one accepted, a 5xx, a method without 405 + Allow, …) fails the test; its output holds
 * the curl reproduction. A deeper run: `npm run fuzz:schemathesis -- --max-examples 60 --max-time 600`.
 *
 * Also: the document itself says what issue 12 asks of it (nullable fields, uniqueItems, oneOf, date
 * bounds, trimmed text, links for every id handed out) and TRACE answers 405 with Allow.
 */
import { request } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { FUZZ_STACK_ENV, FUZZ_START } from './wioa-target';
import { runSchemathesis, summaryForLog } from './schemathesis';

const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 8);
const MAX_TIME = Number(process.env.SCHEMATHESIS_MAX_TIME ?? 75);

let env: TestWorkflowEnvironment;
let stack: Stack;

beforeAll(async () => {
  env = await timeSkippingEnv(FUZZ_START);
  stack = await startStack(env, { name: 'schemathesis', mode: 'sandbox', env: FUZZ_STACK_ENV });
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

describe('the OpenAPI document is what the service does', () => {
  it('states nullability, uniqueItems, exactly-one, date bounds, trimmed text and links', async () => {
    const doc = (await stack.http.get('/openapi.json', { token: null })).body;
    const schemas = doc.components.schemas;
    expect(schemas.ApplicationView.properties.exitClock.properties.softExitDate.type).toEqual(['string', 'null']);
    expect(schemas.CreateApplication.properties.programs.uniqueItems).toBe(true);
    expect(schemas.AddActivity.oneOf).toEqual([{ required: ['actualBeginDate'] }, { required: ['projectedBeginDate'] }]);
    const date = new RegExp(schemas.CreateApplication.properties.eligibilityDate.pattern);
    expect(['2024-01-10', '1000-01-01', '0999-12-31', '24-01-10'].map((d) => date.test(d))).toEqual([true, true, false, false]);
    const office = new RegExp(schemas.CreateApplication.properties.office.pattern);
    expect([' LA-1 ', 'LA-1', '   ', '', 'a\u0000'].map((s) => office.test(s))).toEqual([true, true, false, false, false]);
    expect(schemas.ParticipantCreated.properties.pseudoSsn.type).toBe('boolean');
    const links = doc.paths['/api/v1/participants'].post.responses['201'].links;
    expect(links.createApplication).toMatchObject({ operationId: 'postApplications', requestBody: { participantId: '$response.body#/id' } });
    const fromApplication = Object.values(doc.paths['/api/v1/applications'].post.responses['201'].links).map((l: any) => l.operationId);
    const operationsOf = (keep: (path: string) => boolean): string[] =>
      Object.entries(doc.paths)
        .filter(([path]) => keep(path))
        .flatMap(([, item]) => Object.values(item as Record<string, { operationId: string }>).map((op) => op.operationId));
    // Ids in a path ({quarter} and {section} are enumerations: a client fills them in itself).
    const ids = (path: string): number => (path.match(/\{(?!quarter\}|section\})/g) ?? []).length;
    // Every operation that needs only the application's id is linked from the created application…
    const underApplication = operationsOf((path) => path.startsWith('/api/v1/applications/{id}') && ids(path) === 1);
    expect([...fromApplication].sort()).toEqual([...underApplication].sort());
    // …and every operation that needs another id is linked from some response that hands it out.
    const linkedTo = new Set(
      Object.values(doc.paths).flatMap((item: any) =>
        Object.values(item).flatMap((op: any) =>
          Object.values(op.responses ?? {}).flatMap((r: any) => Object.values(r.links ?? {}).map((l: any) => l.operationId)),
        ),
      ),
    );
    const needingAnotherId = operationsOf((path) => ids(path) >= (path.startsWith('/api/v1/applications/{id}') ? 2 : 1));
    expect(needingAnotherId.filter((op) => !linkedTo.has(op))).toEqual([]);
    const fromChangeRequest = doc.paths['/api/v1/applications/{id}/change-requests'].post.responses['201'].links;
    expect(fromChangeRequest.approveChange).toMatchObject({ parameters: { requestId: '$response.body#/changeRequest/id' } });
    expect(schemas.RequestedChanges.minProperties).toBe(1);
  });

  it('an empty offset= is a 400; TRACE is a 405 with Allow', async () => {
    expect((await stack.http.get('/api/v1/alerts?offset=')).status).toBe(400);
    expect((await stack.http.get('/api/v1/applications?limit=')).status).toBe(400);
    // fetch refuses TRACE: node:http sends it.
    const trace = await new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
      const req = request(`${stack.api.url}/api/v1/applications`, { method: 'TRACE', headers: { authorization: 'Bearer dev-staff' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(trace.status).toBe(405);
    expect(trace.allow).toBe('GET, POST');
    expect(JSON.parse(trace.body).code).toBe('METHOD_NOT_ALLOWED');
    const del = await stack.http.call('DELETE', '/api/v1/applications/some-id/activities/a1/begin');
    expect([del.status, del.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it(
    `schemathesis: all checks, all phases incl. stateful, ${MAX_EXAMPLES} examples per operation, ${MAX_TIME} s — 0 failures`,
    async () => {
      let output = '';
      const result = await runSchemathesis({
        baseUrl: stack.api.url,
        maxExamples: MAX_EXAMPLES,
        maxTime: MAX_TIME,
        onOutput: (chunk) => {
          output += chunk;
        },
      });
      const summary = output.slice(output.lastIndexOf('SUMMARY'));
      console.log(`schemathesis ${result.args.join(' ')}\n${summaryForLog(output)}`);
      if (result.exitCode !== 0) throw new Error(`schemathesis exited ${result.exitCode}:\n${output.slice(-20_000)}`);
      // Every operation of the document was tested (none skipped as unreachable or unsupported).
      const doc = (await stack.http.get('/openapi.json', { token: null })).body;
      const operations = Object.values(doc.paths).reduce((n: number, item: any) => n + Object.keys(item).length, 0);
      expect(operations).toBeGreaterThanOrEqual(49);
      // …except the NDJSON import, which schemathesis cannot serialize (disabled in schemathesis.toml;
      // test/api/imports.test.ts covers it over HTTP).
      const disabled = doc.paths['/api/v1/imports']?.post ? 1 : 0;
      expect(summary).toMatch(new RegExp(`Tested: ${operations - disabled}\\b`));
      expect(summary).not.toMatch(/failures?,|errors?,/);
    },
    (MAX_TIME + 60) * 1000,
  );
});
