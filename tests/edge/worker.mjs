// The built Worker (build/) as the Miniflare API takes it, with the bindings of wrangler.toml:
// shared by tests/edge/serve.mjs and the tests that start a Worker in their own process.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build');

/** One worker's options: its name, the KV namespace id of WUTS_TOKENS, vars and more options. */
export function workerOptions({ name, kvId, vars, ...rest }) {
  return {
    name,
    compatibilityDate: '2025-11-01',
    modulesRoot: BUILD,
    modules: [
      { type: 'ESModule', path: join(BUILD, 'worker', 'shim.mjs') },
      { type: 'ESModule', path: join(BUILD, 'index.js') },
      { type: 'CompiledWasm', path: join(BUILD, 'index_bg.wasm') },
    ],
    kvNamespaces: { WUTS_TOKENS: kvId },
    durableObjects: { WUTS_IDEMPOTENCY: { className: 'IdempotencyKeys', useSQLite: true } },
    r2Buckets: ['WUTS_MEDIA'],
    bindings: vars,
    ...rest,
  };
}
