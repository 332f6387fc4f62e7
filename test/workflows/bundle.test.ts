/**
 * The workflow bundle stays lean. The SDK's reusable V8 context evaluates the modules a workflow
 * imports once per workflow it creates — on every sticky-cache miss and every replay — so a library
 * in the bundle is paid per case wake-up, not once per process (docs/performance.md). zod was 450 KiB
 * of it; validation belongs at the API edge (src/domain/activity-catalog.ts).
 */
import { bundleWorkflows } from '../../src/worker/create-worker';

it('the workflow bundle holds no validation library, ORM or server code', async () => {
  const { code } = await bundleWorkflows();
  const modules = new Set([...code.matchAll(/"\.\/node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g)].map((m) => m[1]));
  expect([...modules].sort()).toEqual(expect.not.arrayContaining(['zod', '@prisma/client', 'express', 'pino', 'date-fns']));
  expect([...modules].filter((m) => !m!.startsWith('@temporalio/')).sort()).toEqual(['@date-fns/tz', 'long', 'ms', 'nexus-rpc']);
  expect(code).not.toContain('src/domain/activity-catalog.ts');
}, 60_000);

it("the API starts the workflow by the contract's WORKFLOW_TYPE: the exported function carries that name", async () => {
  const { WORKFLOW_TYPE } = await import('../../src/workflows/application/contract');
  const workflows = await import('../../src/workflows');
  expect(Object.keys(workflows)).toContain(WORKFLOW_TYPE);
  expect((workflows as Record<string, { name: string }>)[WORKFLOW_TYPE]!.name).toBe(WORKFLOW_TYPE);
});
