// Drives one case through a running sandbox (`TEMPORAL_MODE=sandbox SANDBOX_START_TIME=2024-01-10T18:00:00Z npm start`)
// over HTTP only, and prints its timeline: participation, last service, the exit clock, the soft exit.
//   npm run demo:sandbox                     # API at http://127.0.0.1:3000
//   API_URL=http://127.0.0.1:3100 npm run demo:sandbox
import type { ApplicationView, CommandResult } from '../src/workflows/application/contract';

const base = process.env.API_URL ?? 'http://127.0.0.1:3000';
const headers = { authorization: 'Bearer dev-staff', 'content-type': 'application/json' };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<void> {
  const { now } = await call<{ now: string }>('GET', '/api/v1/sandbox/clock');
  const today = now.slice(0, 10);
  const line = (what: string, detail = ''): void => console.log(`${now.slice(0, 10)}  ${what.padEnd(34)} ${detail}`);
  console.log(`sandbox clock: ${now}`);
  const p = await call<{ id: string }>('POST', '/api/v1/participants', { firstName: 'Demo', lastName: 'Participant', birthDate: '1977-05-25' });
  const app = await call<ApplicationView>('POST', '/api/v1/applications', {
    participantId: p.id,
    programs: ['ADULT'],
    eligibilityDate: addDays(today, -10),
    office: 'LA-2703',
    caseManagerId: 'S-DEV-STAFF',
  });
  line('application created', `${app.id} (status ${app.status})`);
  const part = await call<CommandResult>('POST', `/api/v1/applications/${app.id}/participation`, {
    participationDate: addDays(today, -7),
    activity: { code: '101', program: 'ADULT', projectedEndDate: today, caseNote: 'Initial assessment.' },
  });
  line('participation', `${part.application.participationDate}, service 101 open → clock ${part.application.exitClock.state}`);
  const closed = await call<CommandResult>('POST', `/api/v1/applications/${app.id}/activities/${part.activity?.id}/close`, {
    actualEndDate: today,
    completionCode: 'successful',
  });
  const clock = closed.application.exitClock;
  line(
    'service closed (L)',
    `last service ${closed.application.lastServiceDate} → clock ${clock.state}, soft exit ${clock.softExitDate} (${clock.softExitAt}), ${clock.daysRemaining} days left`,
  );
  const advanced = await call<{ now: string }>('POST', '/api/v1/sandbox/clock/advance', {
    until: new Date(Date.parse(clock.softExitAt ?? now) + 60_000).toISOString(),
  });
  let view = await call<ApplicationView>('GET', `/api/v1/applications/${app.id}`);
  for (let i = 0; i < 50 && view.status !== 'exited'; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    view = await call<ApplicationView>('GET', `/api/v1/applications/${app.id}`);
  }
  console.log(
    `${advanced.now.slice(0, 10)}  ${'soft exit'.padEnd(34)} status ${view.status}, exit date ${view.exit?.exitDate} (retroactive = L), recorded at ${view.exit?.exitedAt}`,
  );
  console.log(`            follow-ups due: ${view.followUps.map((f) => `q${f.quarter} ${f.dueDate} (${f.status})`).join(', ')}`);
  const history = await call<{ items: { command: string; actorId: string }[] }>('GET', `/api/v1/applications/${app.id}/history`);
  console.log(`            audit trail: ${history.items.map((e) => `${e.command} by ${e.actorId}`).join(' → ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
