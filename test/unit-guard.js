/**
 * Setup file of `npm run test:unit` (jest.unit.config.js): a unit test that opens a socket (a
 * PostgreSQL connection, an HTTP request, a server listening) fails at once, naming
 * test/server-free.js, instead of passing on a machine that happens to run the servers. Jest shares
 * Node's built-in modules with the tests, so patching them here reaches the code under test.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a Jest setup file, loaded as CommonJS
const net = require('node:net');

const GUARD = Symbol.for('wioa.unitGuard');

if (!net.Socket.prototype[GUARD]) {
  const refuse = (what) =>
    function refused() {
      throw new Error(
        `${what} in a unit test: test/server-free.js took this file for server-free. Make the code it reaches recognisable there (SERVER_IMPORTS), or keep the test off the network.`,
      );
    };
  net.Socket.prototype[GUARD] = true;
  net.Socket.prototype.connect = refuse('a socket connection');
  net.Server.prototype.listen = refuse('a server listening');
}
