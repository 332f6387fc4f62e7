/**
 * The projection batches a recorded case sent (`persistApplication` inputs), decoded with the
 * development codec key the fixtures were recorded with, across every run of the scenario in order
 * (a case that continued as new is captured as `<name>.run-1.json` … and `<name>.json`, the last run).
 */
import { type Payload, defaultPayloadConverter } from '@temporalio/common';
import type { PersistBatch } from '../../src/activities/projection';
import { type HistoryFixture, listHistoryFixtures } from '../../src/replay/histories';
import { testDataConverter } from './temporal';

/** Every run of a captured scenario, first to last. */
function scenarioRuns(name: string): HistoryFixture[] {
  const runNumber = (f: HistoryFixture): number => (f.name === name ? Number.POSITIVE_INFINITY : Number(f.name.slice(`${name}.run-`.length)));
  const runs = listHistoryFixtures()
    .filter((f) => f.name === name || f.name.startsWith(`${name}.run-`))
    .sort((a, b) => runNumber(a) - runNumber(b));
  if (runs.length === 0) throw new Error(`no fixture ${name}`);
  return runs;
}

export async function recordedBatches(name: string): Promise<PersistBatch[]> {
  const codecs = [...(testDataConverter().payloadCodecs ?? [])].reverse();
  const out: PersistBatch[] = [];
  for (const run of scenarioRuns(name)) {
    for (const e of run.history.events ?? []) {
      const a = e.activityTaskScheduledEventAttributes;
      if (a?.activityType?.name !== 'persistApplication') continue;
      let p = a.input!.payloads![0]! as Payload;
      for (const codec of codecs) p = (await codec.decode([p]))[0]!;
      out.push(defaultPayloadConverter.fromPayload<PersistBatch>(p));
    }
  }
  return out;
}
