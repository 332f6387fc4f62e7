// A deliberately non-deterministic variant of applicationWorkflow: it starts a timer where the real
// workflow schedules its projection activity. Replaying a real history against it must fail.
import { sleep, condition } from '@temporalio/workflow';

export async function applicationWorkflow(): Promise<void> {
  await sleep('1 day');
  await condition(() => false);
}
