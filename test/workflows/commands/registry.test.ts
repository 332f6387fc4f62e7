/**
 * One declaration per command: the contract's `CommandPayloads` names every command once; the
 * workflow's registry of specs and the API's command routes are typed over it. The `@ts-expect-error`
 * lines are the compile-time half: `npm run typecheck` fails if a registry or route list missing a
 * command, or a spec filed under another command's name, ever compiles.
 */
import { COMMANDS, type CommandSpecs } from '../../../src/workflows/application/commands';
import { everyCommand } from '../../../src/api/routes/application-command';
import { COMMAND_ROUTES } from '../../../src/api/routes/commands';
import { APPLICATION_COMMANDS } from '../../../src/api/routes/applications';
import { CHANGE_REQUEST_COMMANDS } from '../../../src/api/routes/change-requests';
import { PLAN_COMMANDS } from '../../../src/api/routes/plans';

describe('one declaration per command', () => {
  it('files every spec under its own Update name', () => {
    for (const [name, spec] of Object.entries(COMMANDS)) expect({ name, update: spec.update.name }).toEqual({ name, update: name });
  });

  it('gives every command of the registry exactly one route, and no route to anything else', () => {
    const routed = COMMAND_ROUTES.map((r) => r.name).sort();
    expect(routed).toEqual(Object.keys(COMMANDS).sort());
    expect(new Set(routed).size).toBe(routed.length);
  });

  it('does not compile a registry or a route list that misses a command', () => {
    const { recordSkillGain: _dropped, ...withoutOne } = COMMANDS;
    // @ts-expect-error recordSkillGain has no spec
    const missing: CommandSpecs = withoutOne;
    // @ts-expect-error a spec filed under another command's name
    const misfiled: CommandSpecs = { ...COMMANDS, recordSkillGain: COMMANDS.recordCredential };
    // @ts-expect-error the outcome routes (recordCredential, recordSkillGain) are missing
    const unrouted = everyCommand([...APPLICATION_COMMANDS, ...CHANGE_REQUEST_COMMANDS, ...PLAN_COMMANDS]);
    expect(Object.keys(missing)).not.toContain('recordSkillGain');
    expect(misfiled.recordSkillGain.update.name).toBe('recordCredential');
    expect(unrouted).toHaveLength(COMMAND_ROUTES.length - 2);
  });
});
