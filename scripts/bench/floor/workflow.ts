// The SDK's floor (bench:floor): a workflow with the product's shape per command and none of its
// rules. An Update changes the state and answers with the whole view; a writer coroutine projects
// every new version with one activity (or, with `local`, one local activity); a query answers the
// view. So one command costs what it costs the product's workflow in Temporal's own machinery: an
// Update task, an activity task and the activity's completion task (or one task with a local activity).
//
// The storm's floor (bench:storm-floor): stormParent waits for one shared instant with a durable
// timer, then does in one task what a soft exit does in the product: starts four children (priority
// 4, as the follow-ups) and one activity that writes one PostgreSQL row. Each child's first task tells
// the worker it ran (a sink) and waits for a quarter with a timer.
import {
  ParentClosePolicy,
  type Sinks,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  proxySinks,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';

export interface FloorRow {
  id: string;
  code: string;
  program: string;
  status: string;
  actualBeginDate: string;
  projectedEndDate: string;
  caseNote: string;
}
export interface FloorView {
  id: string;
  version: number;
  updatedAt: string;
  rows: FloorRow[];
}
export interface FloorInput {
  id: string;
  /** Rows in the view at the start (the view's size: about 200 bytes of JSON per row). */
  rows: number;
  /** Project with a local activity instead of an activity. */
  local: boolean;
}
export interface FloorActivities {
  floorProject(view: FloorView): Promise<boolean>;
  /** The storm floor's "exit recorded": one row (id, lag from the shared instant to the exit's task). */
  floorExit(exit: { id: string; lagMs: number; view: FloorView }): Promise<void>;
}
export interface FloorSinks extends Sinks {
  floorStorm: { childRan(): void };
}
export interface StormParentInput {
  id: string;
  /** The shared instant (epoch ms): every parent's timer fires then. */
  fireAt: number;
  rows: number;
}

export const floorCommand = defineUpdate<{ version: number; view: FloorView }, [{ note: string }]>('floorCommand');
export const floorView = defineQuery<FloorView>('floorView');

const remote = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

const row = (id: string, i: number, note: string): FloorRow => ({
  id: `${id}-${i}`,
  code: '104',
  program: 'ADULT',
  status: 'open',
  actualBeginDate: '2026-12-01',
  projectedEndDate: '2026-12-31',
  caseNote: note,
});

/** A view of `rows` rows at version 1. */
const initialView = (id: string, rows: number): FloorView => ({
  id,
  version: 1,
  updatedAt: new Date().toISOString(),
  rows: Array.from({ length: rows }, (_, i) => row(id, i, `Initial row ${i}.`)),
});

export async function floorWorkflow(input: FloorInput): Promise<void> {
  const state = initialView(input.id, input.rows);
  let projected = 0;
  const view = (): FloorView => ({ ...state, rows: state.rows.slice() });
  setHandler(floorView, view);
  setHandler(floorCommand, async ({ note }) => {
    state.version += 1;
    state.updatedAt = new Date().toISOString();
    // Keep the view's size steady: replace the oldest row.
    if (state.rows.length > 0) state.rows = [...state.rows.slice(1), row(input.id, state.version, note)];
    return { version: state.version, view: view() };
  });
  const project = input.local ? local.floorProject : remote.floorProject;
  // Runs until bench:floor terminates it.
  for (;;) {
    await condition(() => projected < state.version);
    const v = view();
    await project(v);
    projected = v.version;
  }
}

const { floorStorm } = proxySinks<FloorSinks>();

export async function stormChild(quarter: number): Promise<number> {
  floorStorm.childRan();
  await sleep('91 days');
  return quarter;
}

export async function stormParent(input: StormParentInput): Promise<void> {
  const view = initialView(input.id, input.rows);
  await sleep(Math.max(1, input.fireAt - Date.now()));
  const lagMs = Date.now() - input.fireAt;
  view.version += 1;
  const children = Promise.all(
    [1, 2, 3, 4].map((q) =>
      startChild(stormChild, {
        workflowId: `${workflowInfo().workflowId}-q${q}`,
        args: [q],
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        priority: { priorityKey: 4 },
      }),
    ),
  );
  await Promise.all([children, remote.floorExit({ id: input.id, lagMs, view })]);
  await condition(() => false); // open while its children run, as an exited application is
}
