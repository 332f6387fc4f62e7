import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { READ_ROLES, WRITE_ROLES } from '../auth';
import { z } from '../zod';
import type { ActivityCatalog } from '../../domain/activity-codes';
import { ActivityCodeEntrySchema } from '../../domain/activity-catalog';
import { earnsSkillGains } from '../../domain/skill-gains';
import { SandboxAdvanceBody } from '../schemas';
import type { SandboxClock } from '../../temporal/sandbox';
import { ProblemError } from '../problem';

/**
 * The latest instant the sandbox clock may reach. The time-skipping server keeps its clock as a
 * protobuf Timestamp, which ends at 9999-12-31T23:59:59Z: past it every call that reads the clock fails
 * (schemathesis drove it there with repeated 3,646-day advances, and every request answered 500).
 * The margin keeps the longest timers a case arms (its follow-up year, the credential window) representable.
 */
const SANDBOX_CLOCK_MAX_MS = Date.parse('9990-01-01T00:00:00Z');

/** The catalog as the API serves it: each code also says whether a skill gain can be earned in it (R-MSG-1). */
const CatalogResponse = z
  .object({
    version: z.string().optional(),
    source: z.string().optional(),
    codes: z.array(
      ActivityCodeEntrySchema.extend({
        skillGainEligible: z
          .boolean()
          .openapi({ description: 'R-MSG-1: a measurable skill gain can be recorded in an activity of this code (training or individualized)' }),
      }),
    ),
  })
  .openapi('ActivityCatalog');

export function activityCodeRoutes(router: Router, registry: OpenAPIRegistry, catalog: ActivityCatalog): void {
  const body = { ...catalog, codes: catalog.codes.map((entry) => ({ ...entry, skillGainEligible: earnsSkillGains(entry.category) })) };
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/activity-codes',
    summary: 'The activity-code catalog (R-ACT-1), agency-configurable with ACTIVITY_CATALOG_PATH',
    tags: ['reference'],
    roles: READ_ROLES,
    responses: { 200: { description: 'The catalog', schema: CatalogResponse } },
    errors: [],
    handler: async () => ({ status: 200, body }),
  });
}

const ClockSchema = z.object({ now: z.string().datetime() }).openapi('SandboxClock');

/** Sandbox mode only (SPEC §5): the time-skipping server's clock. These routes exist in no other mode. */
export function sandboxRoutes(router: Router, registry: OpenAPIRegistry, clock: SandboxClock): void {
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/sandbox/clock',
    summary: "Sandbox: the time-skipping server's current instant",
    tags: ['sandbox'],
    roles: READ_ROLES,
    responses: { 200: { description: 'Now', schema: ClockSchema } },
    errors: [],
    handler: async () => ({ status: 200, body: { now: (await clock.now()).toISOString() } }),
  });
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/sandbox/clock/advance',
    summary: 'Sandbox: move time forward by {days} or {until} an instant, firing every timer due on the way',
    description: `The new instant must be after now (else 422 NOT_IN_FUTURE) and not after ${new Date(SANDBOX_CLOCK_MAX_MS).toISOString()} (else 422 CLOCK_OUT_OF_RANGE).`,
    tags: ['sandbox'],
    roles: WRITE_ROLES,
    body: SandboxAdvanceBody,
    responses: { 200: { description: 'The new now', schema: ClockSchema } },
    errors: [422],
    handler: async ({ body }) => {
      const from = (await clock.now()).getTime();
      const ms = body.days !== undefined ? Math.round(body.days * 86_400_000) : Date.parse(body.until as string) - from;
      if (ms <= 0) throw new ProblemError(422, 'NOT_IN_FUTURE', `'until' must be after the current sandbox time ${new Date(from).toISOString()}`);
      if (from + ms > SANDBOX_CLOCK_MAX_MS) {
        throw new ProblemError(
          422,
          'CLOCK_OUT_OF_RANGE',
          `the sandbox clock cannot go past ${new Date(SANDBOX_CLOCK_MAX_MS).toISOString()} (it is ${new Date(from).toISOString()})`,
        );
      }
      await clock.advance(ms);
      return { status: 200, body: { now: (await clock.now()).toISOString() } };
    },
  });
}
