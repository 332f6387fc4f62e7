import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type { DataConverter, Payload } from '@temporalio/common';
import { PROJECT_ROOT } from '../temporal/binaries';
import { ENCRYPTED_ENCODING } from '../temporal/codec';

/** Committed histories captured from real runs (`npm run capture:histories`). */
export const FIXTURES_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'histories');

export interface HistoryFixture {
  name: string;
  file: string;
  workflowId: string;
  /** Parsed with `historyFromJSON` (the format the Temporal UI and CLI download). */
  history: ReturnType<typeof historyFromJSON>;
}

export function loadHistoryFile(file: string): HistoryFixture {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { events?: unknown[]; workflowId?: string };
  const name = basename(file, '.json');
  return { name, file, workflowId: json.workflowId ?? name, history: historyFromJSON(json) };
}

export function listHistoryFixtures(dir = FIXTURES_DIR): HistoryFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadHistoryFile(join(dir, f)));
}

export type ReplayOutcome = { ok: true } | { ok: false; nonDeterministic: boolean; error: Error };

/**
 * Replays one history against the current workflow code, decoding its payloads with `dataConverter`
 * (the service's codec: histories recorded with encryption need the keys that wrote them).
 */
export async function replayHistory(
  fixture: Pick<HistoryFixture, 'history' | 'workflowId'>,
  bundle: WorkflowBundle,
  dataConverter: DataConverter,
): Promise<ReplayOutcome> {
  try {
    await assertDecodable(fixture.history, dataConverter);
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'wioa-replay', dataConverter }, fixture.history, fixture.workflowId);
    return { ok: true };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    return { ok: false, nonDeterministic: err instanceof DeterminismViolationError || error.name === 'DeterminismViolationError', error };
  }
}

/** Every payload object (`{metadata: {encoding}, data}`) anywhere in a history. */
function payloadsOf(value: unknown, found: Payload[] = []): Payload[] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return found;
  const v = value as { metadata?: Record<string, unknown> };
  if (v.metadata && typeof v.metadata === 'object' && 'encoding' in v.metadata) {
    found.push(value as Payload);
    return found;
  }
  for (const child of Object.values(value)) payloadsOf(child, found);
  return found;
}

/**
 * Decodes every payload of the history first, so a missing or wrong key is reported as such (replaying
 * would only say "Encoded failure": the failure text is encrypted too).
 */
async function assertDecodable(history: HistoryFixture['history'], dataConverter: DataConverter): Promise<void> {
  const payloads = payloadsOf(history);
  const codecs = dataConverter.payloadCodecs ?? [];
  if (codecs.length === 0 && payloads.some((p) => Buffer.from(p.metadata?.encoding ?? []).toString() === ENCRYPTED_ENCODING)) {
    throw new Error('this history is encrypted, but PAYLOAD_ENCRYPTION=false: set PAYLOAD_ENCRYPTION_KEYS to the keys that wrote it');
  }
  for (const codec of [...(dataConverter.payloadCodecs ?? [])].reverse()) {
    try {
      await codec.decode(payloads);
    } catch (err) {
      throw new Error(`cannot decrypt this history with PAYLOAD_ENCRYPTION_KEYS: ${(err as Error).message}`);
    }
  }
}
