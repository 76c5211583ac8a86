// Counts the calls between the Rust Worker's wasm and JavaScript per request. A copy of the
// built Worker runs under raw workerd with a wrapped WebAssembly.Instance: every import (a
// call from wasm into JavaScript) and every exported function (a call from JavaScript into
// wasm) counts itself, and a route of the wrapper reads the counters. The difference over N
// requests, divided by N, is what one request costs.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, RESULTS, start, stop, waitReady, WORKERD, kvSeed } from '../lib.mjs';

const PATCH = `// Counts calls across the wasm boundary (bench/profile/count.mjs).
export const counts = new Map();
const bump = (key) => counts.set(key, (counts.get(key) ?? 0) + 1);
const Real = WebAssembly.Instance;
WebAssembly.Instance = function Instance(module, imports) {
  const wrapped = {};
  for (const [space, fns] of Object.entries(imports)) {
    wrapped[space] = {};
    for (const [name, f] of Object.entries(fns)) {
      wrapped[space][name] = typeof f === 'function'
        ? function (...args) { bump('import\\t' + name); return f.apply(this, args); }
        : f;
    }
  }
  const instance = new Real(module, wrapped);
  const exports = {};
  for (const [name, f] of Object.entries(instance.exports)) {
    exports[name] = typeof f === 'function'
      ? function (...args) { bump('export\\t' + name); return f.apply(this, args); }
      : f;
  }
  return { exports };
};
`;

const ENTRY = `import { counts } from './patch.mjs';
import Worker from './index.js';
export * from './index.js';
export default class extends Worker {
  async fetch(request) {
    if (new URL(request.url).pathname === '/__crossings') return Response.json(Object.fromEntries(counts));
    return super.fetch(request);
  }
}
`;

const CONFIG = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxy),
    (name = "tokens", worker = .tokens),
    (name = "internet", network = (allow = ["public", "private", "local"])),
    (name = "do-storage", disk = (path = "/tmp", writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:18940", http = (), service = "proxy")],
);
const proxy :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [
    (name = "entry.mjs", esModule = embed "entry.mjs"),
    (name = "patch.mjs", esModule = embed "patch.mjs"),
    (name = "index.js", esModule = embed "index.js"),
    (name = "index_bg.wasm", wasm = embed "index_bg.wasm"),
  ],
  bindings = [
    (name = "WUTS_TOKENS", kvNamespace = "tokens"),
    (name = "WUTS_BACKEND_URL", fromEnvironment = "WUTS_BACKEND_URL"),
    (name = "WUTS_BACKEND_TIMEOUT_MS", text = "15000"),
    (name = "WUTS_IDEMPOTENCY", durableObjectNamespace = "IdempotencyKeys"),
  ],
  durableObjectNamespaces = [(className = "IdempotencyKeys", uniqueKey = "wuts-idempotency-count", enableSql = true)],
  durableObjectStorage = (localDisk = "do-storage"),
  globalOutbound = "internet",
);
const tokens :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [(name = "kv-memory.js", esModule = embed "kv-memory.js")],
  bindings = [(name = "BENCH_KV", fromEnvironment = "BENCH_KV")],
);
`;

/**
 * Calls per request, by function and direction, over `requests` requests of `body`, each with
 * a fresh Idempotency-Key when `keyed` (the Durable Object's calls count too: it runs in the
 * same isolate).
 */
export async function countCrossings({ body, path, backend, token, requests, keyed = false, build = join(RESULTS, 'stage', 'rust') }) {
  const dir = join(RESULTS, 'count');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(build, 'index.js'), join(dir, 'index.js'));
  copyFileSync(join(build, 'index_bg.wasm'), join(dir, 'index_bg.wasm'));
  copyFileSync(join(ROOT, 'bench', 'workerd', 'kv-memory.js'), join(dir, 'kv-memory.js'));
  writeFileSync(join(dir, 'patch.mjs'), PATCH);
  writeFileSync(join(dir, 'entry.mjs'), ENTRY);
  writeFileSync(join(dir, 'count.capnp'), CONFIG);
  const port = 18940;
  const storage = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'wuts-count-'));
  const child = start(WORKERD, ['serve', join(dir, 'count.capnp'), '--socket-addr', `http=127.0.0.1:${port}`,
    '--directory-path', `do-storage=${storage}`],
    { WUTS_BACKEND_URL: backend, BENCH_KV: kvSeed() });
  try {
    await waitReady(`http://127.0.0.1:${port}/healthz`, performance.now(), child);
    const read = async () => (await fetch(`http://127.0.0.1:${port}/__crossings`)).json();
    let sent = 0;
    const send = async () => {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (keyed) headers['idempotency-key'] = `count-${Date.now()}-${sent++}`;
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`status ${res.status}`);
    };
    for (let i = 0; i < 20; i++) await send(); // warm-up: first-request set-up is not a request's cost
    const before = await read();
    for (let i = 0; i < requests; i++) await send();
    const after = await read();
    const top = [];
    let [imports, exports] = [0, 0];
    for (const [key, n] of Object.entries(after)) {
      const per = (n - (before[key] ?? 0)) / requests;
      if (per <= 0) continue;
      const [direction, name] = key.split('\t');
      if (direction === 'import') imports += per; else exports += per;
      top.push({ direction: direction === 'import' ? 'wasm → JS' : 'JS → wasm', name, perRequest: per });
    }
    top.sort((a, b) => b.perRequest - a.perRequest);
    return { requests, perRequest: { total: imports + exports, imports, exports }, top };
  } finally {
    await stop(child);
  }
}

// Alone: node bench/profile/count.mjs [text|image] counts the staged build (bench/results/stage/rust).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { BODIES } = await import('./bodies.mjs');
  const { startLocal, TOKEN } = await import('../lib.mjs');
  const kind = process.argv[2] ?? 'text';
  const local = await startLocal(18941);
  try {
    const out = await countCrossings({ body: BODIES[kind], path: kind === 'text' ? '/status/text' : '/status/media',
      backend: 'http://127.0.0.1:18941', token: TOKEN, requests: Number(process.env.PROFILE_COUNT_REQUESTS ?? 200) });
    console.log(JSON.stringify(out, null, 1));
  } finally {
    await stop(local);
  }
}
