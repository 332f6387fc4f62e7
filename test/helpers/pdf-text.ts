/**
 * Text of a PDF, extracted with unpdf (PDF.js) in a child Node process: unpdf loads PDF.js by a
 * dynamic ESM import, which Jest's CommonJS sandbox cannot run. Pages are joined with form feeds.
 */
import { execFile } from 'node:child_process';

const SCRIPT = `
import { extractText, getDocumentProxy } from 'unpdf';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const pdf = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
const { totalPages, text } = await extractText(pdf, { mergePages: false });
process.stdout.write(JSON.stringify({ totalPages, text }));
`;

export function pdfText(bytes: Uint8Array): Promise<{ totalPages: number; pages: string[]; text: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', SCRIPT],
      { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`PDF text extraction failed: ${stderr || err.message}`));
        const { totalPages, text } = JSON.parse(stdout) as { totalPages: number; text: string[] };
        resolve({ totalPages, pages: text, text: text.join('\f') });
      },
    );
    child.stdin?.end(Buffer.from(bytes));
  });
}
