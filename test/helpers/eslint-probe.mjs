// One ESLint for every probe of a test file: its typed configuration loads once (seconds), then each
// probe is linted in milliseconds. Reads one JSON request per line ({code, file}) on stdin and answers
// each with one line of JSON: the rule ids (or messages) ESLint reports for that code at that path.
import { createInterface } from 'node:readline';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const { code, file } = JSON.parse(line);
  try {
    const [result] = await eslint.lintText(code, { filePath: file });
    process.stdout.write(JSON.stringify({ ids: (result?.messages ?? []).map((m) => m.ruleId ?? m.message) }) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: String(err) }) + '\n');
  }
}
