/**
 * docs/versioning.md: the carried state's version and its upgrade, on plain data (no server). A run
 * starts by passing what it was handed through `upgradeState`; state written before 1.0 is refused.
 */
import { STATE_VERSION } from '../../src/workflows/application/state';
import { UnsupportedStateVersion, upgradeState } from '../../src/workflows/application/state-version';
import { newState } from './commands/harness';

/** A new case's state, as the workflow builds it before its first command. */
const fresh = () => newState({}, { created: false });

describe('upgradeState', () => {
  it('a new state carries the current version and every record list (no optional fallbacks)', () => {
    const state = fresh();
    expect(state.stateVersion).toBe(STATE_VERSION);
    expect(state).toMatchObject({ plans: [], changeRequests: [], credentials: [], skillGains: [], assessment: { status: 'not_started', sections: [] } });
  });

  it('a state of the current version passes unchanged (the same object, as JSON round-trips it across continue-as-new)', () => {
    const carried = JSON.parse(JSON.stringify(fresh()));
    expect(upgradeState(carried)).toEqual(carried);
  });

  it('state written before 1.0 (no stateVersion) is not resumed, with a message that says what to do', () => {
    const { stateVersion: _v, ...old } = fresh();
    expect(() => upgradeState(old)).toThrow(UnsupportedStateVersion);
    expect(() => upgradeState(old)).toThrow(/before 1\.0.*not resumed/);
  });

  it('a version newer than this build, or not a version at all, is refused by name', () => {
    const state = fresh();
    expect(() => upgradeState({ ...state, stateVersion: STATE_VERSION + 1 })).toThrow(`stateVersion ${STATE_VERSION + 1}`);
    expect(() => upgradeState({ ...state, stateVersion: '1' })).toThrow(UnsupportedStateVersion);
    expect(() => upgradeState(null)).toThrow(UnsupportedStateVersion);
  });
});
