// The SDK's floor (bench:floor): a workflow with the product's shape per command and none of its
// rules. An Update changes the state and answers with the whole view; a writer coroutine projects
// every new version with one activity (or, with `local`, one local activity); a query answers the
// view. So one command costs what it costs the product's workflow in Temporal's own machinery: an
// Update task, an activity task and the activity's completion task (or one task with a local activity).
import { allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

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
  /** End after this many projected versions (0: run until terminated). */
  endAfter: number;
}
export interface FloorActivities {
  floorProject(view: FloorView): Promise<boolean>;
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

export async function floorWorkflow(input: FloorInput): Promise<number> {
  const state: FloorView = {
    id: input.id,
    version: 1,
    updatedAt: new Date().toISOString(),
    rows: Array.from({ length: input.rows }, (_, i) => row(input.id, i, `Initial row ${i}.`)),
  };
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
  for (;;) {
    await condition(() => projected < state.version);
    const v = view();
    await project(v);
    projected = v.version;
    if (input.endAfter > 0 && projected >= input.endAfter) break;
  }
  await condition(allHandlersFinished);
  return projected;
}
