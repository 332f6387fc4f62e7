import type { Server } from 'node:http';
import { createApp, type AppDeps } from './app';

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
  });
}
