/**
 * Every command route, in one list the compiler checks against the workflow contract's
 * `CommandPayloads`: a command without a route does not compile (the error names it under
 * `missingRouteFor`). Each family declares its own with `commandRoute` beside its other routes.
 */
import { type CommandRouteDeps, everyCommand } from './application-command';
import { APPLICATION_COMMANDS } from './applications';
import { CHANGE_REQUEST_COMMANDS } from './change-requests';
import { OUTCOME_COMMANDS } from './outcomes';
import { PLAN_COMMANDS } from './plans';

export const COMMAND_ROUTES = everyCommand([...APPLICATION_COMMANDS, ...CHANGE_REQUEST_COMMANDS, ...OUTCOME_COMMANDS, ...PLAN_COMMANDS]);

/** Adds every command route to the router and the OpenAPI document. */
export function commandRoutes(deps: CommandRouteDeps): void {
  for (const route of COMMAND_ROUTES) route.define(deps);
}
