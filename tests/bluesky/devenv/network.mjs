// Starts a local Bluesky network (PLC + PDS + AppView + bsync + ozone) from @atproto/dev-env,
// bound to 127.0.0.1 only, and prints its URLs as ONE line of JSON on stdout.
//
// Environment: DB_POSTGRES_URL (required), DB_POSTGRES_SCHEMA (letters/underscores),
// REDIS_HOST (dev-env asserts it is set; nothing here uses Redis).
// stdin commands, one per line: "process" -> waits until the AppView has indexed everything the
// PDS sequenced, then prints {"processed":true}; "close" (or EOF) -> shuts down and exits 0.
import dns from 'node:dns';
import net from 'node:net';
import readline from 'node:readline';

dns.setDefaultResultOrder('ipv4first');

// None of the dev-env servers takes a bind address: they call server.listen(port), which listens
// on every interface. Force loopback for any listen() that names no host.
const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (args.length > 0 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0])) {
    const opts = args[0];
    if (opts.path === undefined && opts.host === undefined && opts.fd === undefined) {
      args[0] = { ...opts, host: LOOPBACK };
    }
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (typeof args[1] !== 'string') {
      args.splice(1, 0, LOOPBACK);
    }
  } else if (args.length === 0 || args[0] === undefined || typeof args[0] === 'function') {
    args.splice(0, args[0] === undefined ? 1 : 0, 0, LOOPBACK);
  }
  return originalListen.apply(this, args);
};

// Keep stdout for the JSON protocol: route dev-env's own console chatter to stderr.
const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);

const { TestNetwork } = await import('@atproto/dev-env');

const schema = process.env.DB_POSTGRES_SCHEMA || 'termswatch';
if (!/^[A-Za-z_]+$/.test(schema)) {
  console.error(`DB_POSTGRES_SCHEMA must be letters and underscores only, got ${schema}`);
  process.exit(2);
}

let network;
try {
  network = await TestNetwork.create({
    dbPostgresUrl: process.env.DB_POSTGRES_URL,
    dbPostgresSchema: schema,
  });
} catch (err) {
  console.error('dev-env failed to start:', err);
  process.exit(1);
}

let closing = false;
const shutdown = async (code = 0) => {
  if (closing) return;
  closing = true;
  try {
    await network.close();
  } catch (err) {
    console.error('close failed:', err);
  }
  process.exit(code);
};
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));

out({
  ready: true,
  pds: network.pds.url,
  appview: network.bsky.url,
  plc: network.plc.url,
  appviewDid: network.bsky.ctx.cfg.serverDid,
  pdsDid: network.pds.ctx.cfg.service.did,
});

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const cmd = line.trim();
  if (cmd === 'process') {
    try {
      await network.processAll(10000);
      out({ processed: true });
    } catch (err) {
      out({ processed: false, error: String(err) });
    }
  } else if (cmd === 'close') {
    await shutdown(0);
  } else if (cmd) {
    out({ error: `unknown command ${cmd}` });
  }
});
rl.on('close', () => void shutdown(0));
