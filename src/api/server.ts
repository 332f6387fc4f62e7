import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createApp, type AppDeps } from './app';
import { ProblemError } from './problem';

export interface RunningApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listens on `port` (0 = any free port) and resolves once the API accepts connections. */
export function listen(deps: AppDeps, port: number, host: string): Promise<RunningApi> {
  const { app, drain, watchdog } = createApp(deps);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) {
        reject(err);
        return;
      }
      watchdog?.start();
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        server,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`,
        close: async () => {
          await new Promise<void>((res) => {
            server.close(() => res());
            server.closeIdleConnections();
          });
          await watchdog?.stop();
          await drain();
        },
      });
    });
    server.once('error', reject);
    server.on('clientError', answerClientError);
  });
}

/**
 * A request Node's HTTP parser refuses before Express sees it (a request line and headers over the
 * server's limit, or bytes that are not HTTP) gets a problem+json answer like every other refusal,
 * rather than Node's bare status line.
 */
function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const problem =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new ProblemError(431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than the server accepts')
      : new ProblemError(400, 'MALFORMED_REQUEST', 'The request is not valid HTTP');
  const body = JSON.stringify(problem.toBody());
  const reason = problem.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${problem.status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
