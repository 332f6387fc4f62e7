/**
 * The route factory for commands on one application's workflow (SPEC §5): the body is validated
 * (zod), backdating approvers checked, the Update sent with the idempotency key as its update id,
 * and the stored answer replayed on a retry. Every family of routes (applications, plans,
 * outcomes, change requests …) declares its commands with `commandRoute`; `commands.ts` registers
 * them all, checked against the contract's `CommandPayloads`.
 */
import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { defineRoute } from '../route';
import { WRITE_ROLES } from '../auth';
import type { Role } from '../../config';
import { CommandResultSchema } from '../schemas';
import type { ApplicationGateway } from '../services/application-gateway';
import type { IdempotencyStore } from '../middleware/idempotency';
import type { BackdateApprovers } from '../services/backdate-approvers';
import type { ActivityCatalog } from '../../domain/activity-codes';
import { type CommandName, type CommandPayloads, type CommandResult, commandUpdate } from '../../workflows/application/contract';
import type { Caller } from '../auth';

export interface CommandRouteDeps {
  router: Router;
  registry: OpenAPIRegistry;
  applications: ApplicationGateway;
  idempotency: IdempotencyStore;
  approvers: BackdateApprovers;
  /** The agency's activity-code catalog: payloads that name a code carry its entry (R-ACT-1, command-payloads.ts). */
  catalog: ActivityCatalog;
}

/**
 * What a command route on one application is: validated body → the Update of the command `N`. The
 * payload the route builds is typed by the contract's `CommandPayloads[N]`, so a body schema that
 * drifts from its payload does not compile.
 */
export interface CommandRouteSpec<N extends CommandName, Params extends { id: string }, B> {
  method?: 'post' | 'put';
  path: string;
  summary: string;
  params: ZodType<Params>;
  body: ZodType<B>;
  roles?: Role[];
  status?: 200 | 201;
  payload: (body: B, params: Params, deps: CommandRouteDeps) => CommandPayloads[N];
  /** The response body (default: the whole command result). */
  respond?: (result: CommandResult) => unknown;
  backdating?: (body: B) => string | undefined;
  /**
   * An extra check before the Update is sent (e.g. R-GRP-2's case management groups, which live in
   * PostgreSQL): throw to refuse. Runs inside the idempotency guard, so a replayed key gets its answer.
   */
  check?: (body: B, params: Params, caller: Caller, deps: CommandRouteDeps) => Promise<void>;
  /** OpenAPI tags (default `applications`). */
  tags?: string[];
  /** The documented success body (default: the generic command result). */
  responseSchema?: ZodType;
  /** The documented error statuses (default 403, 404, 409, 422). */
  errors?: number[];
}

/** A command's route, declared but not yet registered: `define` adds it to the router and the OpenAPI document. */
export interface CommandRoute<N extends CommandName = CommandName> {
  readonly name: N;
  define(deps: CommandRouteDeps): void;
}

/** Declares the route of the command `name` (its Update is derived from the name). */
export function commandRoute<N extends CommandName, Params extends { id: string }, B>(name: N, spec: CommandRouteSpec<N, Params, B>): CommandRoute<N> {
  const update = commandUpdate(name);
  return {
    name,
    define(deps) {
      const { router, registry, applications, idempotency, approvers } = deps;
      defineRoute(router, registry, {
        method: spec.method ?? 'post',
        path: spec.path,
        summary: spec.summary,
        tags: spec.tags ?? ['applications'],
        roles: spec.roles ?? WRITE_ROLES,
        params: spec.params,
        body: spec.body,
        idempotencyKey: true,
        responses: { [spec.status ?? 200]: { description: 'Accepted', schema: spec.responseSchema ?? CommandResultSchema } },
        errors: spec.errors ?? [403, 404, 409, 422],
        handler: async ({ params, body, caller, req }) => {
          const approver = spec.backdating?.(body);
          if (approver !== undefined) await approvers.check(approver);
          const idem = idempotency.requestKey(req, caller.staffId);
          return idempotency.run(req, idem, async () => {
            if (spec.check) await spec.check(body, params, caller, deps);
            // R-AUTH-2: the gateway answers 404 for an application outside the caller's offices.
            const result = await applications.command(params.id, update, caller, spec.payload(body, params, deps), idem.key);
            return { status: spec.status ?? 200, body: spec.respond ? spec.respond(result) : result };
          });
        },
      });
    },
  };
}

type Unrouted<R extends readonly CommandRoute[]> = Exclude<CommandName, R[number]['name']>;

/**
 * The routes of every command, checked by the compiler: a command of the contract missing from
 * `routes` is an error that names it (`missingRouteFor`).
 */
export function everyCommand<const R extends readonly CommandRoute[]>(
  routes: R & ([Unrouted<R>] extends [never] ? unknown : { missingRouteFor: Unrouted<R> }),
): R {
  return routes;
}
