import { createServer } from 'node:net';

/**
 * A port for a server another process will bind (npm start's API, the Temporal dev server and its UI).
 *
 * Not `listen(0)`: that hands out a port from the kernel's ephemeral range (32768–60999 here), and
 * between our close and the other process's bind, any outgoing connection (PostgreSQL, gRPC) can be
 * given the same port as its local end — seen once in CI as the Temporal UI's "bind: address already
 * in use". Ports drawn below the ephemeral range are never handed to outgoing connections; the one
 * drawn is checked to be free on 127.0.0.1 before it is returned, and not handed out twice.
 */
const handedOut = new Set<number>();
const LOW = 20_000;
const HIGH = 30_000; // the dev server also binds its HTTP API at gRPC + 1000: keep that below 32768 too

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port) || handedOut.has(port + 1000)) continue;
    if ((await bindable(port)) && (await bindable(port + 1000))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} after 200 tries`);
}
