// Records where workerd spends CPU while a Worker serves one kind of request, and how often
// the Worker's wasm and JavaScript call each other. scripts/measure/profile-worker.sh runs it.
//
// CPU: V8's sampling profiler through workerd's inspector (--inspector-addr, the DevTools
// protocol over a WebSocket), while oha sends a closed loop of requests. Self time is summed
// by function and split into wasm (the Worker's Rust), glue (the JavaScript wasm-bindgen and
// the crate's snippets generate, and the Worker's own JavaScript) and runtime (V8 builtins,
// GC, workerd). The raw profile is kept as a .cpuprofile that Chrome DevTools opens.
//
// Crossings: a copy of the Worker whose glue counts every call from wasm into JavaScript (each
// import) and from JavaScript into wasm (each export), read from a counter after N requests
// (bench/profile/count.mjs).
//
// Env: PROFILE_WORKER (rust | hono | passthrough), PROFILE_BODY (text | image | video | keyed:
// the text status with a fresh Idempotency-Key on every request, loaded with wrk),
// PROFILE_SECONDS (default 10), PROFILE_CONNECTIONS (default 8), PROFILE_COUNT_REQUESTS
// (default 200), PROFILE_OUT (directory, default bench/results/profile).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, RESULTS, TOKEN, cpuSeconds, oha, sleep, startLocal, startWorkerd, stop, stopAll, wrk } from '../lib.mjs';
import { BODIES, writeBodies } from './bodies.mjs';
import { countCrossings } from './count.mjs';

const WORKER = process.env.PROFILE_WORKER ?? 'rust';
const BODY = process.env.PROFILE_BODY ?? 'text';
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 8);
const OUT = process.env.PROFILE_OUT ?? join(RESULTS, 'profile');
const PORTS = { local: 18930, worker: 18931, inspector: 18932 };
const backend = `http://127.0.0.1:${PORTS.local}`;
const PATHS = { text: '/status/text', image: '/status/media', video: '/status/media', keyed: '/status/text' };
// A keyed request sends the text status; wrk gives each its own key (oha sends one set of headers).
const KEYED = BODY === 'keyed';
const PAYLOAD = KEYED ? 'text' : BODY;
const load = (options) => (KEYED ? wrk({ ...options, keyed: true }) : oha(options));
const log = (m) => process.stderr.write(`[profile] ${m}\n`);

/** A DevTools protocol session over the inspector's WebSocket. */
async function inspect(port) {
  let targets = [];
  for (let i = 0; i < 50 && !targets.length; i++) {
    try { targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json(); } catch { await sleep(100); }
  }
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error('no inspector target');
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  let next = 1;
  const pending = new Map();
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    }
  };
  return {
    send: (method, params = {}) => new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    }),
    close: () => ws.close(),
  };
}

/** Where a frame's code lives: the Worker's wasm, the JavaScript around it, or the runtime. */
function category(frame) {
  const url = frame.url ?? '';
  if (url.startsWith('wasm://') || /^\$?wasm-function\[/.test(frame.functionName)) return 'wasm';
  if (url) return 'glue';
  return 'runtime';
}

/** Self time (ms) by function and by category, from a V8 .cpuprofile. */
export function summarize(profile, requests) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const functions = new Map();
  const categories = { wasm: 0, glue: 0, runtime: 0, idle: 0 };
  for (const [id, ms] of self) {
    const frame = byId.get(id).callFrame;
    const name = frame.functionName || '(anonymous)';
    const cat = name === '(idle)' ? 'idle' : category(frame);
    categories[cat] += ms;
    if (cat === 'idle') continue;
    const key = `${cat}\t${name}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
  }
  const busy = categories.wasm + categories.glue + categories.runtime;
  const top = [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([key, ms]) => {
    const [cat, name] = key.split('\t');
    return { cat, name, usPerRequest: (ms * 1000) / requests, share: ms / busy };
  });
  return {
    requests,
    busyUsPerRequest: (busy * 1000) / requests,
    categories: Object.fromEntries(Object.entries(categories).map(([k, v]) => [k, (v * 1000) / requests])),
    top,
  };
}

function table(summary) {
  const us = (n) => n.toFixed(1);
  const lines = [
    `Sampled on the main thread: ${us(summary.busyUsPerRequest)} µs per request busy ` +
      `(wasm ${us(summary.categories.wasm)}, glue ${us(summary.categories.glue)}, runtime ${us(summary.categories.runtime)}), ` +
      `over ${summary.requests} requests.`,
    '',
    '| self time per request | share | where | function |',
    '|---|---|---|---|',
    ...summary.top.map((f) => `| ${us(f.usPerRequest)} µs | ${(f.share * 100).toFixed(1)}% | ${f.cat} | \`${f.name.replace(/\|/g, '\\|')}\` |`),
  ];
  return lines.join('\n');
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const bodyFile = writeBodies()[PAYLOAD];
  const local = await startLocal(PORTS.local);
  const server = await startWorkerd(`${WORKER}.capnp`, PORTS.worker, backend, [`--inspector-addr=127.0.0.1:${PORTS.inspector}`]);
  try {
    const url = `http://127.0.0.1:${PORTS.worker}${PATHS[BODY]}`;
    load({ url, bodyFile, seconds: 2, connections: CONNECTIONS }); // warm-up: JIT, tier-up
    const session = await inspect(PORTS.inspector);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await session.send('Profiler.start');
    const cpu0 = cpuSeconds(server.pid);
    const run = load({ url, bodyFile, seconds: SECONDS, connections: CONNECTIONS });
    const cpu = (cpuSeconds(server.pid) - cpu0) / Math.max(run.total, 1);
    const { profile } = await session.send('Profiler.stop');
    session.close();
    const name = `${WORKER}-${BODY}`;
    writeFileSync(join(OUT, `${name}.cpuprofile`), JSON.stringify(profile));
    const summary = summarize(profile, run.total);
    const md = [
      `### ${WORKER} Worker, ${BODY} body`,
      '',
      `${run.total} requests (${run.ok} answered 200) in ${SECONDS} s, ${CONNECTIONS} connections: ` +
        `${run.rps.toFixed(0)} req/s; workerd process CPU ${(cpu * 1e6).toFixed(0)} µs per request (all threads).`,
      '',
      table(summary),
      '',
    ].join('\n');
    writeFileSync(join(OUT, `${name}.md`), md);
    process.stdout.write(md);
  } finally {
    await stop(server);
  }
  if (WORKER === 'rust') {
    const counted = await countCrossings({ body: BODIES[PAYLOAD], path: PATHS[BODY], backend, token: TOKEN, keyed: KEYED,
      requests: Number(process.env.PROFILE_COUNT_REQUESTS ?? 200) });
    const md = [
      `Crossings per request (${counted.requests} requests, ${BODY} body): ${counted.perRequest.total.toFixed(1)} ` +
        `(wasm into JavaScript ${counted.perRequest.imports.toFixed(1)}, JavaScript into wasm ${counted.perRequest.exports.toFixed(1)}).`,
      '',
      '| calls per request | direction | function |',
      '|---|---|---|',
      ...counted.top.map((c) => `| ${c.perRequest.toFixed(2)} | ${c.direction} | \`${c.name}\` |`),
      '',
    ].join('\n');
    writeFileSync(join(OUT, `${WORKER}-${BODY}-crossings.md`), md);
    process.stdout.write(`\n${md}`);
  }
  await stop(local);
}

try {
  await main();
} finally {
  stopAll();
}
