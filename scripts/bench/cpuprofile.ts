// Summarises V8 CPU profiles (`--cpu-prof`, e.g. `npm run bench:api -- --profile-worker data/prof`):
// self time by file group (our src/…, each node_modules package, node internals, native/GC) and the
// top functions, per profile (one per thread) and in total.
//   npm run bench:profile -- data/prof [--top 25]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function group(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node:internal';
  const src = url.indexOf('/src/');
  if (src >= 0)
    return url
      .slice(src + 1)
      .split('/')
      .slice(0, 3)
      .join('/');
  if (url.includes('workflow-bundle')) return 'workflow-bundle';
  return url.split('/').slice(-2).join('/');
}

function summarise(file: string, top: number, into: Map<string, number>, fnInto: Map<string, number>): number {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i += 1) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  let total = 0;
  const groups = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') continue;
    total += us;
    const g = group(n.callFrame.url, n.callFrame.functionName);
    groups.set(g, (groups.get(g) ?? 0) + us);
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  for (const [k, v] of groups) into.set(k, (into.get(k) ?? 0) + v);
  for (const [k, v] of fns) fnInto.set(k, (fnInto.get(k) ?? 0) + v);
  const wall = (p.endTime - p.startTime) / 1000;
  console.log(`\n${file}: ${(total / 1000).toFixed(0)} ms busy of ${wall.toFixed(0)} ms`);
  print(groups, total, 12, '  by group');
  print(fns, total, top, '  top functions (self)');
  return total;
}

function print(m: Map<string, number>, total: number, top: number, title: string): void {
  console.log(title);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`    ${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  }
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const dir = args[0];
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
if (!dir) {
  console.error('usage: npm run bench:profile -- <dir or .cpuprofile> [--top N]');
  process.exit(2);
}
const files = statSync(dir).isDirectory()
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f))
  : [dir];
const groups = new Map<string, number>();
const fns = new Map<string, number>();
let total = 0;
for (const f of files) total += summarise(f, top, groups, fns);
if (files.length > 1) {
  console.log(`\nall ${files.length} profiles: ${(total / 1000).toFixed(0)} ms busy`);
  print(groups, total, 20, '  by group');
  print(fns, total, top, '  top functions (self)');
}
