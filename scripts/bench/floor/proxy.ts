// bench:floor's HTTP proxy: the least an API in front of Temporal can be. Plain node:http (no
// Express, no validation, no token, no idempotency key), one Temporal client with the product's codec
// (unless FLOOR_CODEC=off). POST /update/<workflowId> runs the floor's Update with the JSON body;
// GET /query/<workflowId> answers the floor's query. Logs "floor proxy listening" when it listens.
// Every answer carries the API's Server-Timing header (temporal;dur=, app;dur=), timed the same way
// (the same client interceptor), so bench:ratio can take each request's latency less its Temporal time.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../../../src/logger';
import { createDataConverter, parsePayloadKeys } from '../../../src/temporal/codec';
import { DEV_PAYLOAD_KEYS } from '../../../src/config';
import { floorCommand, floorView } from './workflow';
import { callTimingInterceptor, newCallTiming, temporalMs, withCallTiming } from '../../../src/temporal/call-timing';
import { serverTimingValue } from '../../../src/api/middleware/server-timing';

async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'floor-proxy');
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({
    connection,
    namespace: 'default',
    dataConverter: createDataConverter(process.env.FLOOR_CODEC === 'off' ? undefined : parsePayloadKeys(DEV_PAYLOAD_KEYS)),
    interceptors: { workflow: [callTimingInterceptor()] },
  });
  const server = createServer((req, res) => {
    const start = performance.now();
    const timing = newCallTiming();
    const timingHeader = (): string => {
      const now = performance.now();
      return serverTimingValue(temporalMs(timing, now), now - start);
    };
    const [, kind, id] = (req.url ?? '').split('/');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const handle = client.workflow.getHandle(decodeURIComponent(id ?? ''));
      const answer = withCallTiming(timing, () =>
        req.method === 'POST' && kind === 'update'
          ? handle.executeUpdate(floorCommand, {
              args: [JSON.parse(Buffer.concat(chunks).toString('utf8')) as { note: string }],
              updateId: `S-BENCH:${randomUUID()}`,
            })
          : req.method === 'GET' && kind === 'query'
            ? handle.query(floorView)
            : Promise.reject(new Error(`no route ${req.method} ${req.url}`)),
      );
      answer.then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/json', 'server-timing': timingHeader() });
          res.end(JSON.stringify(body));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json', 'server-timing': timingHeader() });
          res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
        },
      );
    });
  });
  const port = Number(process.env.PORT);
  server.listen(port, '127.0.0.1', () => logger.info({ port }, 'floor proxy listening'));
  process.once('SIGTERM', () => {
    server.close();
    void connection.close();
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
