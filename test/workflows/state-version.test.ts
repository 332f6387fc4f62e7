/**
 * docs/versioning.md: the carried state's version and its upgrade, on plain data (no server). A run
 * starts by passing what it was handed through `upgradeState`; state written before 1.0 is refused.
 */
import { STATE_VERSION, initialState } from '../../src/workflows/application/state';
import { UnsupportedStateVersion, upgradeState } from '../../src/workflows/application/state-version';
import type { ApplicationWorkflowInput } from '../../src/workflows/application/contract';

const input: ApplicationWorkflowInput = {
  applicationId: 'app-1',
  participantId: 'p-1',
  programs: ['ADULT'],
  eligibilityDate: '2024-01-02',
  office: 'LA-2703',
  caseManagerId: 'S-1',
  createdBy: { staffId: 'S-1', role: 'staff' },
  agencyTimeZone: 'America/Los_Angeles',
  searchAttributes: false,
};

describe('upgradeState', () => {
  it('a new state carries the current version and every record list (no optional fallbacks)', () => {
    const state = initialState(input, '2024-01-02T18:00:00.000Z');
    expect(state.stateVersion).toBe(STATE_VERSION);
    expect(state).toMatchObject({ plans: [], changeRequests: [], credentials: [], skillGains: [], assessment: { status: 'not_started', sections: [] } });
  });

  it('a state of the current version passes unchanged (the same object, as JSON round-trips it across continue-as-new)', () => {
    const carried = JSON.parse(JSON.stringify(initialState(input, '2024-01-02T18:00:00.000Z')));
    expect(upgradeState(carried)).toEqual(carried);
  });

  it('state written before 1.0 (no stateVersion) is not resumed, with a message that says what to do', () => {
    const { stateVersion: _v, ...old } = initialState(input, '2024-01-02T18:00:00.000Z');
    expect(() => upgradeState(old)).toThrow(UnsupportedStateVersion);
    expect(() => upgradeState(old)).toThrow(/before 1\.0.*not resumed/);
  });

  it('a version newer than this build, or not a version at all, is refused by name', () => {
    const state = initialState(input, '2024-01-02T18:00:00.000Z');
    expect(() => upgradeState({ ...state, stateVersion: STATE_VERSION + 1 })).toThrow(`stateVersion ${STATE_VERSION + 1}`);
    expect(() => upgradeState({ ...state, stateVersion: '1' })).toThrow(UnsupportedStateVersion);
    expect(() => upgradeState(null)).toThrow(UnsupportedStateVersion);
  });
});
