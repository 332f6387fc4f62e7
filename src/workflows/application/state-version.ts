/**
 * The carried state's versions (docs/versioning.md). A run starts by passing what it was handed
 * (continue-as-new, or an import's built state) through `upgradeState`: pure, so it is tested without a
 * server and replays identically. Each later shape adds one step here (`from N to N + 1`) and bumps
 * STATE_VERSION; the steps stay until no open case can carry the older shape (the checkpoint bounds
 * that: docs/versioning.md).
 */
import { STATE_VERSION, type ApplicationState } from './state';

/** A carried state this code cannot resume: written before 1.0 (no `stateVersion`) or by newer code. */
export class UnsupportedStateVersion extends Error {
  override name = 'UnsupportedStateVersion';
  constructor(readonly found: unknown) {
    super(
      found === undefined
        ? 'the carried state has no stateVersion: it was written by a build before 1.0, whose cases are not resumed (start from an empty data folder)'
        : `the carried state has stateVersion ${JSON.stringify(found)}; this build reads up to ${STATE_VERSION}`,
    );
  }
}

/** The steps from each older version to the next; none yet (1 is the first released shape). */
const STEPS: Record<number, (state: Record<string, unknown>) => Record<string, unknown>> = {};

/** Brings a carried state to {@link STATE_VERSION}, or throws {@link UnsupportedStateVersion}. */
export function upgradeState(carried: unknown): ApplicationState {
  if (typeof carried !== 'object' || carried === null) throw new UnsupportedStateVersion(undefined);
  let state = carried as Record<string, unknown>;
  let version = state.stateVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > STATE_VERSION) throw new UnsupportedStateVersion(version);
  while (version < STATE_VERSION) {
    const step = STEPS[version];
    if (!step) throw new UnsupportedStateVersion(version);
    state = { ...step(state), stateVersion: version + 1 };
    version += 1;
  }
  return state as unknown as ApplicationState;
}
