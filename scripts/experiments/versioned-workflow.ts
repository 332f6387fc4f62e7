// The workflow of `npm run try:worker-versioning`: it waits for a signal, and on each one answers which
// Worker Deployment Version ran it; when the server says its target version changed, it continues as
// new with `initialVersioningBehavior: 'AUTO_UPGRADE'` (Temporal's upgrade on continue-as-new), as the
// application workflow's checkpoint would.
import { condition, defineQuery, makeContinueAsNewFunc, defineSignal, setHandler, workflowInfo } from '@temporalio/workflow';

export const poke = defineSignal('poke');
export const ranOn = defineQuery<{ buildId: string | null; run: number; targetChanged: boolean }>('ranOn');

export async function versionedCase(run = 1): Promise<void> {
  let pokes = 0;
  setHandler(poke, () => void (pokes += 1));
  setHandler(ranOn, () => ({
    buildId: workflowInfo().currentDeploymentVersion?.buildId ?? null,
    run,
    targetChanged: workflowInfo().targetWorkerDeploymentVersionChanged,
  }));
  for (;;) {
    const seen = pokes;
    await condition(() => pokes !== seen);
    if (workflowInfo().targetWorkerDeploymentVersionChanged) {
      await makeContinueAsNewFunc<typeof versionedCase>({ initialVersioningBehavior: 'AUTO_UPGRADE' })(run + 1);
    }
  }
}
