import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';

type TemporalConfig = Config['temporal'];

function tlsOptions(t: TemporalConfig) {
  if (!t.tls) return undefined;
  if (t.tlsCertPath && t.tlsKeyPath) {
    return { clientCertPair: { crt: readFileSync(t.tlsCertPath), key: readFileSync(t.tlsKeyPath) } };
  }
  return true as const;
}

/** Connection options shared by the client (API) and the native connection (worker). */
export function connectionOptions(t: TemporalConfig) {
  return {
    address: t.address,
    tls: tlsOptions(t),
    ...(t.apiKey ? { apiKey: t.apiKey } : {}),
  };
}

/** A client whose payloads go through the service's data converter (see `createDataConverter`). */
export async function connectClient(t: TemporalConfig, dataConverter: DataConverter): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(t));
  return new Client({ connection, namespace: t.namespace, dataConverter });
}

export function connectWorker(t: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(t));
}
