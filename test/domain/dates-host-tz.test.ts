/**
 * R-TIME-1: calendar arithmetic must not depend on the host time zone. Jest cannot change the zone
 * in-process, so a probe script runs in child processes with TZ set far from UTC.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const tsxCli = require.resolve('tsx/cli', { paths: [root] });
const probe = path.join(__dirname, 'fixtures/host-tz-probe.ts');

function runProbe(tz: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [tsxCli, probe], { cwd: root, env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, unknown>;
}

describe('host time zone independence', () => {
  it.each([
    ['Pacific/Kiritimati', -840],
    ['Pacific/Pago_Pago', 660],
    ['America/Los_Angeles', 480],
    ['UTC', 0],
  ])('R-TIME-1 host TZ %s: same calendar results, R-TIME-3 same instants', (tz, offset) => {
    const r = runProbe(tz);
    expect(r.offset).toBe(offset); // the probe really ran in that zone
    expect(r).toMatchObject({
      addDays91: '2024-04-10',
      addDaysSpring: '2024-03-10',
      addDaysEuFallBack: '2024-10-28',
      diffDst: 91,
      startOfDay: '2024-11-04T08:00:00.000Z',
      today: '2024-04-09',
      softExitAt: '2024-11-04T08:00:00.000Z',
    });
    expect((r.quarters as { periodStart: string; dueDate: string }[]).map((q) => [q.periodStart, q.dueDate])).toEqual([
      ['2022-01-01', '2022-03-31'],
      ['2022-04-01', '2022-06-30'],
      ['2022-07-01', '2022-09-30'],
      ['2022-10-01', '2022-12-31'],
    ]);
  });
});
