/**
 * Jest reporter: ends the run with one plain line, `Tests: N passed, N failed, N skipped`, alone on
 * the last line of the output. Jest's own summary ("Tests: 460 passed, 460 total") is not a format
 * CI reads; this is. Written at process exit, after Jest's summary and the global teardown.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest loads reporters as plain CommonJS
const { writeSync } = require('node:fs');

class SummaryReporter {
  /** The closing line for Jest's aggregated results. */
  static closingLine(results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    // A suite that failed to run (syntax error, failing hook) counts as a failure too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    return `Tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
  }

  onRunComplete(_contexts, results) {
    const line = `\n${SummaryReporter.closingLine(results)}\n`;
    process.once('exit', () => writeSync(1, line));
  }
}
module.exports = SummaryReporter;
