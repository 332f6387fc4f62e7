import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/application/contract';
import type { Logger } from '../logger';

const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `--search-attribute Name=Type` flags for every custom search attribute of the contract (SPEC §4). */
export const searchAttributeFlags = (): string[] => ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPE_NAMES[k.type]}`]);

function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Where the dev server's Web UI sends payloads to decode: this service's codec route. The browser calls
 * it, so a wildcard bind address is reached through loopback.
 */
export function uiCodecEndpoint(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${reachable}:${port}/codec`;
}

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  host: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** The Web UI decodes payloads (inputs, summaries, details, query answers) through this codec server URL. */
  uiCodecEndpoint?: string;
  logger: Logger;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  stateFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with a persistent SQLite state file under the data folder, the Web
 * UI, and the custom search attributes registered; resolves once the frontend answers.
 */
export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  for (const [what, port] of [
    ['Temporal gRPC', o.port],
    ['Temporal UI', o.uiPort],
  ] as const) {
    if (await portInUse(o.host, port)) {
      throw new Error(
        `${what} port ${o.host}:${port} is already in use. Stop whatever is listening there (another 'npm start'? ` +
          `a 'temporal server start-dev'?), or connect to it with TEMPORAL_MODE=external.`,
      );
    }
  }
  mkdirSync(o.dataDir, { recursive: true });
  const stateFile = join(o.dataDir, 'temporal.sqlite');
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    stateFile,
    '--ip',
    o.host,
    '--port',
    String(o.port),
    '--ui-port',
    String(o.uiPort),
    '--namespace',
    o.namespace,
    '--ui-disable-news-fetch',
    ...(o.uiCodecEndpoint ? ['--ui-codec-endpoint', o.uiCodecEndpoint] : []),
    '--log-level',
    'warn',
    ...searchAttributeFlags(),
  ];
  const child: ChildProcess = spawn(o.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const address = `${o.host}:${o.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`temporal server start-dev exited with code ${child.exitCode}:\n${output}`);
    }
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.describeNamespace({ namespace: o.namespace });
      await conn.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not become ready in 60 s (${String(err)}):\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  o.logger.info({ address, stateFile, uiCodecEndpoint: o.uiCodecEndpoint ?? null }, 'Temporal dev server ready');
  return {
    address,
    uiUrl: `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.uiPort}`,
    stateFile,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
