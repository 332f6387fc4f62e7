/**
 * Scenarios that drive a case through the real API. Used by the history capture script (fixtures
 * for replay tests) and reusable by tests.
 */
import type { Stack } from './stack';

export interface Scenario {
  name: string;
  /** 'dev' = Temporal dev server; 'sandbox' = time-skipping server (months pass in seconds). */
  server: 'dev' | 'sandbox';
  /** Drives the case; returns the application id. */
  run(stack: Stack): Promise<string>;
}

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createApplication(
  stack: Stack,
  overrides: { programs?: string[]; eligibilityDate?: string; office?: string } = {},
): Promise<string> {
  const p = await stack.http.post('/api/v1/participants', { firstName: 'Test', lastName: 'Participant', birthDate: '1977-05-25' });
  expectStatus(p, 201, 'create participant');
  const a = await stack.http.post('/api/v1/applications', {
    participantId: p.body.id,
    programs: overrides.programs ?? ['ADULT'],
    eligibilityDate: overrides.eligibilityDate ?? '2024-01-02',
    office: overrides.office ?? 'LA-2703',
    caseManagerId: 'S-1042',
  });
  expectStatus(a, 201, 'create application');
  return a.body.id as string;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'application-created',
    server: 'dev',
    run: (stack) => createApplication(stack),
  },
];
