// Serves the built Worker (build/worker/shim.mjs) under workerd through the Miniflare API, with
// the bindings of wrangler.toml: the WUTS_TOKENS KV namespace (persisted where
// `wrangler kv --local --persist-to DIR` writes it), the WUTS_RATE_LIMITER binding, and vars.
//
// Used by scripts/test/edge.sh instead of `wrangler dev`, whose proxy buffers each request body
// before the Worker sees it: that hides whether the Worker refuses an oversized body from
// Content-Length before reading it, which the tests check.
//
// The WUTS_IDEMPOTENCY Durable Objects persist under the same directory, so a restarted server
// keeps its idempotency keys.
//
//   node tests/edge/serve.mjs   with EDGE_PORT, EDGE_PERSIST (the --persist-to dir),
//   EDGE_KV_ID (the namespace id), EDGE_RATE_LIMIT, EDGE_VARS (JSON object of vars)
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { join } from 'node:path';
import { workerOptions } from './worker.mjs';

const persist = process.env.EDGE_PERSIST;

const mf = new Miniflare(convertV4MiniflareOptions({
  host: '127.0.0.1',
  port: Number(process.env.EDGE_PORT),
  // The layout `wrangler kv --local --persist-to DIR` writes: DIR/v3/kv/...
  resourcePersistencePath: join(persist, 'v3'),
  workers: [workerOptions({
    name: 'wuts-status-edge-test',
    kvId: process.env.EDGE_KV_ID,
    vars: JSON.parse(process.env.EDGE_VARS),
    ratelimits: {
      WUTS_RATE_LIMITER: { namespace_id: '1001', simple: { limit: Number(process.env.EDGE_RATE_LIMIT), period: 60 } },
    },
  })],
}));

const url = await mf.ready;
console.error(`edge listening on ${url.href}`);
const stop = async () => { await mf.dispose(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
