/**
 * CI judges a run by its closing line: the plain `N passed, N failed` line, or the closing line of a
 * runner it knows (pytest among them). A green run once counted as "no test executed" because a test
 * logged schemathesis's banner `===== 3 warnings in 75.03s =====`, which has pytest's shape and no
 * test count. These tests keep both halves true.
 */
import { summaryForLog } from './fuzz/schemathesis';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the reporter is plain CommonJS, as Jest loads it
const SummaryReporter = require('./summary-reporter.js') as { closingLine(results: Record<string, number>): string };

/** pytest's closing line: `=== 5 passed, 1 warning in 0.12s ===`, `=== no tests ran in 0.01s ===`. */
const PYTEST_CLOSING = /^\s*=+ .* in [\d.]+s\s*=+\s*$/;
/** The plain line CI reads in any language. */
const PLAIN = /^(\w+: )?\d+ passed, \d+ failed(, \d+ skipped)?$/;

const SCHEMATHESIS_OUTPUT = [
  'Schemathesis v4.32.5',
  '━━━━━━━━━━━━━━━━━━━━━',
  ' ✅  Examples (in 12.3s)',
  'SUMMARY ============================================================================',
  '',
  'API Operations:',
  '  Selected: 49/49',
  '  Tested: 49',
  '',
  'Test cases:',
  '  1482 generated, 1482 passed, 22 skipped',
  '',
  '===================================================================== 3 warnings in 75.03s =====================================================================',
  '',
].join('\n');

describe('the closing line CI reads', () => {
  it('the logged schemathesis summary has no line of pytest closing shape, and keeps its content', () => {
    expect(SCHEMATHESIS_OUTPUT.split('\n').some((l) => PYTEST_CLOSING.test(l))).toBe(true); // the hazard is real
    const logged = summaryForLog(SCHEMATHESIS_OUTPUT);
    const lines = logged.split('\n');
    expect(lines.filter((l) => PYTEST_CLOSING.test(l) || l.includes('==='))).toEqual([]);
    expect(lines).toContain('schemathesis | 3 warnings in 75.03s');
    expect(lines).toContain('schemathesis | Tested: 49');
    expect(lines[0]).toBe('schemathesis | SUMMARY');
    expect(lines.every((l) => l.startsWith('schemathesis | '))).toBe(true);
  });

  it('the summary reporter closes with the plain line, failed suites counted as failures', () => {
    const line = SummaryReporter.closingLine({ numPassedTests: 644, numFailedTests: 1, numRuntimeErrorTestSuites: 2, numPendingTests: 3, numTodoTests: 1 });
    expect(line).toBe('Tests: 644 passed, 3 failed, 4 skipped');
    expect(line).toMatch(PLAIN);
    expect(PYTEST_CLOSING.test(line)).toBe(false);
  });
});
