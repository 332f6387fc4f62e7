/**
 * No runtime import cycle in src (type-only imports are erased and do not count): a cycle makes the
 * order modules initialise in depend on who imports first, and in the workflow bundle it has bitten as
 * an `undefined` at load time.
 */
import { join } from 'node:path';
import madge from 'madge';

it('src has no runtime import cycle', async () => {
  const graph = await madge(join(__dirname, '..', 'src'), {
    fileExtensions: ['ts'],
    excludeRegExp: [/generated/, /\.d\.ts$/],
    detectiveOptions: { ts: { skipTypeImports: true } },
  });
  expect(graph.circular()).toEqual([]);
}, 60_000);
