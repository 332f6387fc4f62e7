/**
 * HARD CONSTRAINT (R-TIME-2: "now" is always a parameter): src/domain is imported by workflow code,
 * so it must bundle for Temporal's workflow sandbox (no Node built-ins) and run there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type InjectedSinks } from '@temporalio/worker';
import { defaultActivityCatalog } from '../../src/domain';
import type { DomainSmokeSinks } from './fixtures/domain-workflow';

const domainDir = path.resolve(__dirname, '../../src/domain');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
}

describe('workflow sandbox safety', () => {
  it.each([
    ['Date.now()', /\bDate\.now\s*\(/],
    ['new Date() without argument', /new Date\(\s*\)/],
    ['Math.random', /Math\.random/],
    ['process', /\bprocess\./],
    ['Buffer', /\bBuffer\b/],
    ['setTimeout/setInterval', /\bset(Timeout|Interval)\s*\(/],
    ['Node built-in imports', /from\s+['"](node:|fs['"]|path['"]|crypto['"]|os['"]|child_process['"])/],
  ])('R-TIME-2 src/domain never uses %s', (_label, pattern) => {
    const offenders = sourceFiles(domainDir).filter((f) => pattern.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('R-TIME-2 src/domain bundles for the workflow sandbox and runs there (replay of a started workflow)', async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/domain-workflow'),
      logger: new DefaultLogger('WARN'),
    });
    expect(bundle.code).toContain('computeExitClock');

    const now = '2024-05-01T12:00:00Z';
    const history = {
      events: [
        {
          eventId: '1',
          eventTime: now,
          eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
          workflowExecutionStartedEventAttributes: {
            workflowType: { name: 'domainSmokeWorkflow' },
            taskQueue: { name: 'domain-smoke', kind: 'TASK_QUEUE_KIND_NORMAL' },
            workflowTaskTimeout: '10s',
            originalExecutionRunId: 'run-1',
            firstExecutionRunId: 'run-1',
            attempt: 1,
            workflowId: 'domain-smoke',
          },
        },
        {
          eventId: '2',
          eventTime: now,
          eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
          workflowTaskScheduledEventAttributes: { taskQueue: { name: 'domain-smoke', kind: 'TASK_QUEUE_KIND_NORMAL' }, startToCloseTimeout: '10s', attempt: 1 },
        },
        {
          eventId: '3',
          eventTime: now,
          eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
          workflowTaskStartedEventAttributes: { scheduledEventId: '2', identity: 'test', requestId: 'r1' },
        },
      ],
    };
    const reports: Record<string, unknown>[] = [];
    const sinks: InjectedSinks<DomainSmokeSinks> = {
      report: { result: { fn: (_info, values) => void reports.push(values), callDuringReplay: true } },
    };
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'domain-smoke', sinks }, history);
    expect(reports).toEqual([
      {
        softExitAt: '2024-11-04T08:00:00.000Z',
        startOfDay: '2024-03-11T07:00:00.000Z',
        q4Due: '2025-03-31',
        todayBeforeMidnight: '2024-04-09',
        todayFromDate: '2024-11-04',
        catalogCodes: defaultActivityCatalog.codes.length,
        backdate: 'DomainError:BACKDATE_LIMIT',
      },
    ]);
  }, 120_000);
});
