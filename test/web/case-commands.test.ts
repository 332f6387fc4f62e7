/**
 * The staff console's rules for commands (pure functions of web/src): which commands a case's state offers
 * to which role (R-UI-4: what the state does not allow is not offered; a viewer gets none), and where a
 * refused command's problem is shown in its form (R-UI-5).
 */
import { allowedCommands, type CallerRole } from '../../web/src/features/case/allowed';
import { fieldErrors } from '../../web/src/lib/problems';

const staff: CallerRole = { role: 'staff' };
const viewer: CallerRole = { role: 'viewer' };
const offered = (status: string, who: CallerRole = staff, closure: unknown = null) =>
  Object.entries(allowedCommands({ status, closure }, who))
    .filter(([, on]) => on)
    .map(([name]) => name)
    .sort();

describe('commands a case offers (R-UI-4)', () => {
  it('eligible: participation only', () => {
    expect(offered('eligible')).toEqual(['any', 'participation']);
  });

  it('participating: services, case notes, planned break, closure, exclusionary exit, outcomes', () => {
    expect(offered('participating')).toEqual(['any', 'caseNotes', 'closure', 'exclusionary', 'outcomes', 'plannedBreak', 'services']);
    expect(offered('participating', staff, { closureStatus: 'done' })).not.toContain('closure');
  });

  it('after a soft exit: follow-up codes only, the follow-ups, case notes, closure and outcomes; no participation, break or exclusionary exit', () => {
    expect(offered('exited')).toEqual(['any', 'caseNotes', 'closure', 'followUpCodesOnly', 'followUps', 'outcomes', 'services']);
  });

  it('a completed or exclusionary-exited case, and any case for a viewer: nothing', () => {
    expect(offered('completed')).toEqual([]);
    expect(offered('exited_exclusionary')).toEqual([]);
    for (const status of ['eligible', 'participating', 'exited']) expect(offered(status, viewer)).toEqual([]);
    // Before the API has said who is signed in, nothing either.
    expect(Object.values(allowedCommands({ status: 'participating', closure: null }, undefined)).some(Boolean)).toBe(false);
  });
});

describe("a refused command's problem at its field (R-UI-5)", () => {
  const fields = ['participationDate', 'code', 'program', 'projectedEndDate', 'caseNote'];
  const codes = { '*date': 'participationDate', UNKNOWN_ACTIVITY_CODE: 'code' };

  it('a validation problem names its fields by path (nested paths by their last known segment)', () => {
    const problem = {
      code: 'VALIDATION_FAILED',
      detail: 'The request does not match the schema',
      errors: [
        { path: 'activity.projectedEndDate', message: 'must be a real calendar date YYYY-MM-DD' },
        { path: 'participationDate', message: 'Required' },
        { path: 'somethingElse', message: 'ignored' },
      ],
    };
    expect(fieldErrors(problem, fields, codes)).toEqual({ projectedEndDate: 'must be a real calendar date YYYY-MM-DD', participationDate: 'Required' });
  });

  it("a domain refusal goes to the field the form maps its code to, date codes to the form's date", () => {
    expect(fieldErrors({ code: 'UNKNOWN_ACTIVITY_CODE', detail: "activity code '999' is unknown", errors: [] }, fields, codes)).toEqual({
      code: "activity code '999' is unknown",
    });
    expect(fieldErrors({ code: 'FUTURE_DATE', detail: 'in the future', errors: [] }, fields, codes)).toEqual({ participationDate: 'in the future' });
    expect(fieldErrors({ code: 'APPLICATION_EXITED', detail: 'exited', errors: [] }, fields, codes)).toEqual({});
    expect(fieldErrors(null, fields, codes)).toEqual({});
  });
});
