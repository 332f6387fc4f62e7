/**
 * Jest reporter: ends the run with one plain line, `Tests: N passed, N failed, N skipped`, alone on
 * the last line of the output. Jest's own summary ("Tests: 460 passed, 460 total") is not a format
 * CI reads; this is. Written at process exit, after Jest's summary and the global teardown.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest loads reporters as plain CommonJS
const { writeSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    // A suite that failed to run (syntax error, failing hook) counts as a failure too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `\nTests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`;
    process.once('exit', () => writeSync(1, line));
  }
}
module.exports = SummaryReporter;
