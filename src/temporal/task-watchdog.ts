import type { Client } from '@temporalio/client';
import type { Logger } from '../logger';

/** A workflow whose workflow task has been pending, unchanged, for longer than the bound. */
export interface StuckWorkflow {
  workflowId: string;
  runId: string;
  /** When this watchdog first saw that same pending task (real time). */
  pendingSince: string;
  pendingForMs: number;
  /** The task's state (SCHEDULED / STARTED) and attempt as the server describes it. */
  taskState: string;
  attempt: number;
}

export interface TaskWatchdogOptions {
  /** A task pending (the same one) for longer than this is reported. */
  boundMs: number;
  /** How often the open workflows are swept. */
  intervalMs: number;
  namespace: string;
  logger: Logger;
  /** At most this many open workflows are described per sweep (the sandbox is small; the rest are skipped). */
  maxWorkflows?: number;
}

/**
 * Sandbox mode's honesty about Temporal (issue 17): Temporal's time-skipping test server has no
 * workflow-task timeout that survives a refused completion, so a workflow task it never finishes is
 * otherwise invisible — the case just stops, and so does the training class's clock. Every
 * `intervalMs` this lists the open workflows (ListOpenWorkflowExecutions, which that server has),
 * describes each, and reports one whose same pending workflow task (run, scheduled time, attempt) has
 * been there for longer than `boundMs` of real time. `GET /health` shows them (status `degraded`) and
 * commands to them answer 503 `TEMPORAL_STUCK` at once instead of waiting for their deadline.
 */
export class TaskWatchdog {
  private readonly firstSeen = new Map<string, { key: string; at: number; state: string; attempt: number; verdict: boolean | undefined }>();
  private current: StuckWorkflow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly opts: TaskWatchdogOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.sweeping)
        this.sweeping = this.sweep()
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => (this.sweeping = undefined));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** The workflows stuck at the last sweep. */
  stuck(): StuckWorkflow[] {
    return this.current;
  }

  isStuck(workflowId: string): boolean {
    return this.current.some((s) => s.workflowId === workflowId);
  }

  /** One pass over the open workflows (also called by tests). */
  async sweep(now = Date.now()): Promise<StuckWorkflow[]> {
    const max = this.opts.maxWorkflows ?? 2000;
    const open: { workflowId: string; runId: string }[] = [];
    try {
      let nextPageToken: Uint8Array | undefined;
      do {
        const page = await this.client.workflowService.listOpenWorkflowExecutions({
          namespace: this.opts.namespace,
          maximumPageSize: Math.min(1000, max),
          ...(nextPageToken && nextPageToken.length > 0 ? { nextPageToken } : {}),
        });
        for (const e of page.executions ?? []) {
          if (e.execution?.workflowId && e.execution.runId) open.push({ workflowId: e.execution.workflowId, runId: e.execution.runId });
        }
        nextPageToken = page.nextPageToken ?? undefined;
      } while (nextPageToken && nextPageToken.length > 0 && open.length < max);
    } catch {
      return this.current; // the server did not answer: GET /health's own Temporal check says so
    }
    const stuck: StuckWorkflow[] = [];
    const seen = new Set<string>();
    for (const { workflowId, runId } of open.slice(0, max)) {
      seen.add(workflowId);
      const handle = this.client.workflow.getHandle(workflowId, runId);
      let described: Awaited<ReturnType<typeof handle.describe>>;
      try {
        described = await handle.describe();
      } catch {
        continue; // closed meanwhile
      }
      const task = described.raw.pendingWorkflowTask;
      // The same pending task, or (what the test server's wedge looks like: it describes no pending
      // task at all) the same history length, since the first sweep that saw it.
      const key = `${runId}|${described.historyLength}|${task ? `${JSON.stringify(task.scheduledTime ?? null)}|${task.attempt ?? 1}` : '-'}`;
      const prev = this.firstSeen.get(workflowId);
      const entry = prev && prev.key === key ? prev : { key, at: now, state: 'none', attempt: task?.attempt ?? 1, verdict: undefined as boolean | undefined };
      this.firstSeen.set(workflowId, entry);
      if (now - entry.at <= this.opts.boundMs) continue;
      if (task) {
        entry.state = String(task.state ?? 'unknown').replace('PENDING_WORKFLOW_TASK_STATE_', '');
        entry.verdict = true;
      } else if (entry.verdict === undefined) {
        // Quiet for a while: is it waiting on a timer (fine) or on a workflow task nobody completes?
        try {
          const last = (await handle.fetchHistory()).events?.at(-1);
          entry.verdict = Boolean(last?.workflowTaskScheduledEventAttributes || last?.workflowTaskStartedEventAttributes);
          entry.state = last?.workflowTaskStartedEventAttributes ? 'STARTED' : last?.workflowTaskScheduledEventAttributes ? 'SCHEDULED' : 'none';
        } catch {
          continue;
        }
      }
      if (entry.verdict) {
        stuck.push({
          workflowId,
          runId,
          pendingSince: new Date(entry.at).toISOString(),
          pendingForMs: now - entry.at,
          taskState: entry.state,
          attempt: entry.attempt,
        });
      }
    }
    for (const id of [...this.firstSeen.keys()]) if (!seen.has(id)) this.firstSeen.delete(id);
    for (const s of stuck) {
      if (!this.current.some((c) => c.workflowId === s.workflowId && c.runId === s.runId)) {
        this.opts.logger.error(
          { workflowId: s.workflowId, runId: s.runId, pendingForMs: s.pendingForMs, taskState: s.taskState, attempt: s.attempt },
          'workflow task has not completed within the bound: the case is stuck (see docs/testing.md, "time-skipping wedge")',
        );
      }
    }
    this.current = stuck;
    return stuck;
  }
}
