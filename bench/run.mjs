// The benchmark run behind scripts/measure/bench.sh: sizes, Worker start-up and CPU, proxy throughput
// and latency (Rust Worker, Hono Worker, wuts-local straight), workerd memory on a 16 MiB
// video, base64 validation speed, publishing media from a page (bench/media.mjs). Prints one Markdown table and writes it to
// bench/results/latest.md. Everything runs on loopback and every loop is bounded.
//
// Knobs (environment): BENCH_SECONDS (each load run, default 10), BENCH_CONNECTIONS (closed
// loop, default 32 for text and 8 for media), BENCH_RATE_SHARE (fixed rate as a share of the
// slowest closed-loop throughput of the case, default 0.5), BENCH_SKIP (comma list of
// sizes,startup,proxy,publish,memory,base64,media).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { BODIES, writeBodies } from './profile/bodies.mjs';
import {
  ROOT, RESULTS, STAGE, TOKEN, cpuSeconds, loadavg, memory, oha, paced, sleep, startLocal, startWorkerd, stop, stopAll, wrk,
} from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE_SHARE = Number(process.env.BENCH_RATE_SHARE ?? 0.5);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const PORTS = { local: 18910, rust: 18911, hono: 18912, passthrough: 18913, baseline: 18914, jsentry: 18915 };
const JS_ENTRY = existsSync(join(STAGE, 'js-entry', 'variant_bg.wasm'));
const BASELINE = existsSync(join(STAGE, 'baseline', 'index.js')) && Boolean(process.env.BENCH_BASELINE);
const backend = `http://127.0.0.1:${PORTS.local}`;

const rows = [];
const notes = [];
const row = (section, what, value, comparison = '', note = '') => rows.push({ section, what, value, comparison, note });
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const read = (...p) => readFileSync(join(ROOT, ...p));
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}x` : 'n/a');
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

// ---- the publish path ------------------------------------------------------------------------
/**
 * The text status as clients really send it: the Rust Worker with a fresh Idempotency-Key on
 * every request (what the npm client, the Rust client and the composer do by default) and
 * without one, beside the pass-through Worker and Hono + zod with its token records in memory
 * and read from KV each time. Closed loop with wrk (bench/load/wrk.lua: oha sends one set of
 * headers, so it cannot give each request its own key), in alternating rounds so that drift
 * falls on every row alike; then p50/p99 at one fixed rate, open loop. Also one key repeated
 * (every request after the first a replay from the Durable Object).
 */
async function publishRows() {
  const PUBLISH_PORTS = { rust: PORTS.rust, passthrough: PORTS.passthrough, hono: PORTS.hono, honoMemory: 18916, baseline: PORTS.baseline };
  const servers = {
    rust: await startWorkerd('rust.capnp', PUBLISH_PORTS.rust, backend),
    passthrough: await startWorkerd('passthrough.capnp', PUBLISH_PORTS.passthrough, backend),
    hono: await startWorkerd('hono.capnp', PUBLISH_PORTS.hono, backend),
    honoMemory: await startWorkerd('hono-memory.capnp', PUBLISH_PORTS.honoMemory, backend),
    ...(BASELINE ? { baseline: await startWorkerd('baseline.capnp', PUBLISH_PORTS.baseline, backend) } : {}),
  };
  const url = (target) => `http://127.0.0.1:${PUBLISH_PORTS[target]}/status/text`;
  const variants = {
    keyed: { target: 'rust', keyed: true },
    plain: { target: 'rust', keyed: false },
    passthrough: { target: 'passthrough', keyed: false },
    honoMemory: { target: 'honoMemory', keyed: false },
    hono: { target: 'hono', keyed: false },
    ...(BASELINE ? { baselineKeyed: { target: 'baseline', keyed: true }, baselinePlain: { target: 'baseline', keyed: false } } : {}),
  };
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  const totals = Object.fromEntries(Object.keys(variants).map((v) => [v, { n: 0, ok: 0, seconds: 0, cpu: 0 }]));
  for (const v of Object.values(variants)) {
    await reset();
    wrk({ url: url(v.target), bodyFile: bodyFile.text, seconds: 2, connections, keyed: v.keyed }); // warm-up
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, v] of Object.entries(variants)) {
      await reset();
      const pid = servers[v.target].pid;
      const cpu0 = cpuSeconds(pid);
      const r = wrk({ url: url(v.target), bodyFile: bodyFile.text, seconds: SECONDS, connections, keyed: v.keyed });
      const t = totals[name];
      t.cpu += cpuSeconds(pid) - cpu0;
      t.n += r.total;
      t.ok += r.ok;
      t.seconds += r.total / r.rps;
      log(`publish ${name} round ${round + 1}: ${r.rps.toFixed(0)} req/s, ${r.ok}/${r.total} ok`);
    }
  }
  const results = Object.fromEntries(Object.entries(totals).map(([name, t]) =>
    [name, { rps: t.n / t.seconds, cpu: t.cpu / Math.max(t.n, 1), ok: t.ok, n: t.n }]));
  const rate = Math.max(1, Math.floor(RATE_SHARE * Math.min(...Object.values(results).map((r) => r.rps))));
  for (const [name, v] of Object.entries(variants)) {
    await reset();
    results[name].fixed = await paced({ url: url(v.target), body: BODIES.text, seconds: SECONDS, rate, keyed: v.keyed });
    log(`publish ${name} at ${rate}/s: p99 ${results[name].fixed.p99.toFixed(2)} ms`);
  }
  const { keyed, plain, passthrough, honoMemory, hono } = results;
  const okNote = (r) => (r.ok === r.n && r.fixed.ok === r.fixed.total ? '' : ` (non-200: ${r.n - r.ok + r.fixed.total - r.fixed.ok})`);
  const us = (r) => `${(r.cpu * 1e6).toFixed(0)} µs`;
  const cells = (r) => `${us(r)} / ${r.rps.toFixed(0)} req/s / p99 ${r.fixed.p99.toFixed(2)} ms${okNote(r)}`;
  const what = `text status: CPU per request / throughput (wrk, ${connections} connections, ${rounds} alternating rounds of ${SECONDS} s) / p99 at ${rate} req/s`;
  row('Publish path', `${what}; (a) with a fresh Idempotency-Key each (the clients' default)`, cells(keyed),
    `(a) without a key: ${cells(plain)}`,
    `keyed/plain CPU ${ratio(keyed.cpu, plain.cpu)}, throughput ${ratio(keyed.rps, plain.rps)}; keyed/(d) CPU ${ratio(keyed.cpu, passthrough.cpu)}`);
  row('Publish path', `${what}; (a) without a key`, cells(plain),
    `(b') Hono, token in memory: ${cells(honoMemory)}; (b) Hono, token from KV: ${cells(hono)}; (d) pass-through: ${cells(passthrough)}`,
    `CPU (a)/(b') ${ratio(plain.cpu, honoMemory.cpu)}, (a)/(b) ${ratio(plain.cpu, hono.cpu)}, (a)/(d) ${ratio(plain.cpu, passthrough.cpu)}; ` +
      `throughput (a)/(b') ${ratio(plain.rps, honoMemory.rps)}, (a)/(b) ${ratio(plain.rps, hono.rps)}`);

  if (BASELINE) {
    const { baselineKeyed, baselinePlain } = results;
    row('Baseline', `${what}; (e) the baseline build with a fresh key each`, cells(baselineKeyed),
      `(e) without a key: ${cells(baselinePlain)}`,
      `keyed/plain CPU ${ratio(baselineKeyed.cpu, baselinePlain.cpu)}; this build/(e): keyed CPU ${ratio(keyed.cpu, baselineKeyed.cpu)}, ` +
        `plain CPU ${ratio(plain.cpu, baselinePlain.cpu)}, keyed throughput ${ratio(keyed.rps, baselineKeyed.rps)}`);
  }

  // One key for every request: each after the first is answered from the Durable Object.
  await reset();
  const shared = `bench-${Date.now()}`;
  const replayRun = async () => {
    const until = performance.now() + SECONDS * 1000;
    let [n, ok] = [0, 0];
    const cpu0 = cpuSeconds(servers.rust.pid);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (performance.now() < until) {
        const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': shared };
        const res = await fetch(url('rust'), { method: 'POST', headers, body: BODIES.text });
        await res.arrayBuffer();
        n++;
        if (res.status === 200) ok++;
      }
    }));
    return { rps: n / ((performance.now() - t0) / 1000), cpu: (cpuSeconds(servers.rust.pid) - cpu0) / n, ok, n };
  };
  await replayRun();
  const replayed = await replayRun();
  row('Publish path', 'text status replayed from the key store (one key repeated; Node loop, 32 in flight): CPU per request / throughput',
    `${(replayed.cpu * 1e6).toFixed(0)} µs / ${replayed.rps.toFixed(0)} req/s${replayed.ok === replayed.n ? '' : ` (non-200: ${replayed.n - replayed.ok})`}`,
    '', 'a different load tool from the rows above: compare with them loosely');
  for (const server of Object.values(servers)) await stop(server);
}

// ---- payloads -------------------------------------------------------------------------------
const bodyFile = writeBodies();

// ---- sizes ----------------------------------------------------------------------------------
function sizes() {
  // The same files scripts/test/size.sh counts: the wasm, the glue, the entry and the snippets.
  const pkgFiles = ['wuts_status_bg.wasm', 'wuts_status.js', 'index.js',
    ...execFileSync('find', ['snippets', '-name', '*.js'], { cwd: join(ROOT, 'pkg'), encoding: 'utf8' }).split('\n').filter(Boolean)];
  let [raw, zipped] = [0, 0];
  for (const f of pkgFiles) {
    const b = read('pkg', f);
    raw += b.length;
    zipped += gz(b);
  }
  const kz = readFileSync(join(STAGE, 'kyzod.js'));
  row('Browser package', 'wuts-status (wasm + glue), gzip -9', kib(zipped), `ky + zod: ${kib(gz(kz))}`, `${ratio(zipped, gz(kz))} of ky + zod`);
  row('Browser package', 'wuts-status (wasm + glue), raw', kib(raw), `ky + zod: ${kib(kz.length)}`, 'both minified by esbuild');

  const worker = [read('bench', 'results', 'stage', 'rust', 'index.js'), read('bench', 'results', 'stage', 'rust', 'index_bg.wasm')];
  const hono = readFileSync(join(STAGE, 'hono', 'worker.js'));
  const wz = worker.reduce((a, b) => a + gz(b), 0);
  row('Worker', 'bundle (index.js + wasm), gzip -9', kib(wz), `Hono + zod: ${kib(gz(hono))}`, `raw ${kib(worker[0].length + worker[1].length)} vs ${kib(hono.length)}`);
}

// ---- start-up -------------------------------------------------------------------------------
async function wasmInstantiate() {
  // Compile and instantiate the Worker's wasm in Node 22 with stub imports: the engine's share
  // of a cold start, without workerd's own start-up.
  const bytes = read('bench', 'results', 'stage', 'rust', 'index_bg.wasm');
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const module = new WebAssembly.Module(bytes);
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      imports[imp.module] ??= {};
      imports[imp.module][imp.name] = imp.kind === 'function' ? () => {} : imp.kind === 'tag' ? WebAssembly.JSTag : undefined;
    }
    new WebAssembly.Instance(module, imports);
    times.push(performance.now() - t0);
  }
  return median(times);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startup() {
  const ready = { rust: [], hono: [] };
  for (let i = 0; i < 3; i++) {
    for (const name of ['rust', 'hono']) {
      const child = await startWorkerd(`${name}.capnp`, PORTS[name], backend);
      ready[name].push(child.readyMs);
      await stop(child);
    }
  }
  const [r, h] = [median(ready.rust), median(ready.hono)];
  row('Worker', 'workerd start to first answer (GET /healthz), median of 3', `${r.toFixed(0)} ms`, `Hono: ${h.toFixed(0)} ms`, 'process start, module compile and instantiate, one request');
  row('Worker', 'wasm compile + instantiate in Node 22, median of 5', `${(await wasmInstantiate()).toFixed(1)} ms`, '', 'new WebAssembly.Module + Instance, stub imports');
}

// ---- proxy ----------------------------------------------------------------------------------
async function reset() {
  await fetch(`${backend}/_local/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
}

async function proxy() {
  const servers = {
    rust: await startWorkerd('rust.capnp', PORTS.rust, backend),
    hono: await startWorkerd('hono.capnp', PORTS.hono, backend),
    passthrough: await startWorkerd('passthrough.capnp', PORTS.passthrough, backend),
    ...(BASELINE ? { baseline: await startWorkerd('baseline.capnp', PORTS.baseline, backend) } : {}),
    ...(JS_ENTRY ? { jsentry: await startWorkerd('js-entry.capnp', PORTS.jsentry, backend) } : {}),
  };
  const targets = { rust: PORTS.rust, hono: PORTS.hono, passthrough: PORTS.passthrough, direct: PORTS.local,
    ...(BASELINE ? { baseline: PORTS.baseline } : {}), ...(JS_ENTRY ? { jsentry: PORTS.jsentry } : {}) };
  const cases = [
    { name: 'text', path: '/status/text', connections: Number(process.env.BENCH_CONNECTIONS ?? 32) },
    { name: 'image', path: '/status/media', connections: Number(process.env.BENCH_CONNECTIONS ?? 8) },
  ];
  const results = {};
  for (const c of cases) {
    results[c.name] = {};
    for (const [target, port] of Object.entries(targets)) {
      await reset();
      const url = `http://127.0.0.1:${port}${c.path}`;
      // Warm-up, so JIT and connection set-up are not measured.
      oha({ url, bodyFile: bodyFile[c.name], seconds: 1, connections: c.connections });
      const pid = servers[target]?.pid;
      const cpu0 = pid ? cpuSeconds(pid) : 0;
      const closed = oha({ url, bodyFile: bodyFile[c.name], seconds: SECONDS, connections: c.connections });
      const cpu = pid ? (cpuSeconds(pid) - cpu0) / Math.max(closed.total, 1) : null;
      results[c.name][target] = { closed, cpu, url };
      log(`${c.name} ${target}: ${closed.rps.toFixed(0)} req/s, ${closed.ok}/${closed.total} ok`);
    }
    // One fixed rate for all three, below the slowest one's closed-loop throughput.
    const extra = (t) => t === 'baseline' || t === 'jsentry';
    const compared = Object.entries(results[c.name]).filter(([t]) => !extra(t)).map(([, r]) => r.closed.rps);
    const rate = Math.max(1, Math.floor(RATE_SHARE * Math.min(...compared)));
    for (const target of Object.keys(targets).filter((t) => !extra(t))) {
      await reset();
      const r = results[c.name][target];
      r.fixed = oha({ url: r.url, bodyFile: bodyFile[c.name], seconds: SECONDS, connections: c.connections * 2, rate });
      log(`${c.name} ${target} at ${rate}/s: p50 ${r.fixed.p50.toFixed(2)} ms, p99 ${r.fixed.p99.toFixed(2)} ms`);
    }
    const [a, b, p, f] = ['rust', 'hono', 'passthrough', 'direct'].map((t) => results[c.name][t]);
    const label = c.name === 'text' ? 'text status' : '1 MiB image status';
    const okNote = (r) => (r.closed.ok === r.closed.total && r.fixed.ok === r.fixed.total ? '' : ` (non-200: ${r.closed.total - r.closed.ok + r.fixed.total - r.fixed.ok})`);
    row('Proxy', `${label}: throughput, closed loop, ${c.connections} connections`, `${a.closed.rps.toFixed(0)} req/s${okNote(a)}`,
      `Hono ${b.closed.rps.toFixed(0)}${okNote(b)}; pass-through ${p.closed.rps.toFixed(0)}${okNote(p)}; wuts-local ${f.closed.rps.toFixed(0)}${okNote(f)}`,
      `(a)/(d) ${ratio(a.closed.rps, p.closed.rps)}, (b)/(d) ${ratio(b.closed.rps, p.closed.rps)}, (a)/(b) ${ratio(a.closed.rps, b.closed.rps)}`);
    row('Proxy', `${label}: p50 / p99 at ${rate} req/s (fixed rate)`, `${a.fixed.p50.toFixed(2)} / ${a.fixed.p99.toFixed(2)} ms`,
      `Hono ${b.fixed.p50.toFixed(2)} / ${b.fixed.p99.toFixed(2)}; pass-through ${p.fixed.p50.toFixed(2)} / ${p.fixed.p99.toFixed(2)}; wuts-local ${f.fixed.p50.toFixed(2)} / ${f.fixed.p99.toFixed(2)}`,
      `p99 (a)/(b) ${ratio(a.fixed.p99, b.fixed.p99)}, (a)/(d) ${ratio(a.fixed.p99, p.fixed.p99)}`);
    row('Worker', `CPU per request, ${label} (workerd process CPU / requests)`, `${(a.cpu * 1e6).toFixed(0)} µs`,
      `Hono: ${(b.cpu * 1e6).toFixed(0)} µs; pass-through: ${(p.cpu * 1e6).toFixed(0)} µs`,
      `(a)/(d) ${ratio(a.cpu, p.cpu)}, (b)/(d) ${ratio(b.cpu, p.cpu)}, (a)/(b) ${ratio(a.cpu, b.cpu)}`);
    if (JS_ENTRY) {
      const g = results[c.name].jsentry;
      row('Entry point', `${label}: throughput / CPU per request of the JavaScript-entry variant (f)`,
        `${g.closed.rps.toFixed(0)} req/s / ${(g.cpu * 1e6).toFixed(0)} µs`, `workers-rs entry (a): ${a.closed.rps.toFixed(0)} req/s / ${(a.cpu * 1e6).toFixed(0)} µs`,
        `(f)/(d) ${ratio(g.closed.rps, p.closed.rps)} and ${ratio(g.cpu, p.cpu)}; (f)/(b) ${ratio(g.cpu, b.cpu)} CPU; (a)/(f) ${ratio(a.cpu, g.cpu)} CPU`);
    }
    if (BASELINE) {
      const e = results[c.name].baseline;
      row('Baseline', `${label}: throughput / CPU per request of the baseline build (e)`,
        `${e.closed.rps.toFixed(0)} req/s / ${(e.cpu * 1e6).toFixed(0)} µs`, `this build: ${a.closed.rps.toFixed(0)} req/s / ${(a.cpu * 1e6).toFixed(0)} µs`,
        `(e)/(d) ${ratio(e.closed.rps, p.closed.rps)} and ${ratio(e.cpu, p.cpu)}; (a)/(e) ${ratio(a.closed.rps, e.closed.rps)} and ${ratio(a.cpu, e.cpu)}`);
    }
  }
  for (const s of Object.values(servers)) await stop(s);
  return results;
}

// ---- memory ---------------------------------------------------------------------------------
async function videoMemory(name, { warm = false, keyed = false } = {}) {
  const server = await startWorkerd(`${name}.capnp`, PORTS[name], backend);
  if (warm) {
    // A running isolate: its code compiled and optimized by earlier requests, so what grows
    // is what a video itself holds.
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`http://127.0.0.1:${PORTS[name]}/status/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: BODIES.image,
      });
      await res.arrayBuffer();
    }
    await sleep(500);
  }
  const base = memory(server.pid).rss;
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, memory(server.pid).rss); }, 5);
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    await reset();
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    if (keyed) headers['idempotency-key'] = `video-${Date.now()}-${i}`;
    const res = await fetch(`http://127.0.0.1:${PORTS[name]}/status/media`, {
      method: 'POST',
      headers,
      body: BODIES.video,
      signal: AbortSignal.timeout(60_000),
    });
    statuses.push(res.status);
    await res.arrayBuffer();
  }
  await sleep(50);
  clearInterval(sampler);
  const hwm = memory(server.pid).hwm;
  await stop(server);
  return { base, peak: Math.max(peak, hwm), statuses };
}

async function memoryRow() {
  const ok = (m) => (m.statuses.every((s) => s === 200) ? '' : ` (statuses ${m.statuses.join(',')})`);
  for (const warm of [false, true]) {
    const [r, h, p] = [await videoMemory('rust', { warm }), await videoMemory('hono', { warm }), await videoMemory('passthrough', { warm })];
    const when = warm ? 'after 20 image requests' : 'from start-up';
    row('Worker', `workerd RSS high-water proxying a 16 MiB video (3 in a row), ${when}`, `${mib(r.peak)} (+${mib(r.peak - r.base)})${ok(r)}`,
      `Hono: ${mib(h.peak)} (+${mib(h.peak - h.base)})${ok(h)}; pass-through: ${mib(p.peak)} (+${mib(p.peak - p.base)})${ok(p)}`,
      'VmHWM/VmRSS from /proc; + is over the process before the videos');
    if (warm) {
      const k = await videoMemory('rust', { warm, keyed: true });
      row('Worker', `workerd RSS high-water proxying a 16 MiB video (3 in a row), ${when}, each with a fresh Idempotency-Key`,
        `${mib(k.peak)} (+${mib(k.peak - k.base)})${ok(k)}`, `no key: ${mib(r.peak)} (+${mib(r.peak - r.base)})`, '');
    }
    if (BASELINE) {
      const e = await videoMemory('baseline', { warm });
      row('Baseline', `workerd RSS high-water proxying a 16 MiB video (3 in a row), ${when}, baseline build (e)`, `${mib(e.peak)} (+${mib(e.peak - e.base)})${ok(e)}`,
        `this build: ${mib(r.peak)} (+${mib(r.peak - r.base)})`, '');
    }
  }
}

// ---- base64 ---------------------------------------------------------------------------------
function base64Rows() {
  const out = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench', 'base64', 'bench.mjs')], { encoding: 'utf8', timeout: 300_000 }));
  for (const [engine, list] of [['Node ' + out.nodeVersion, out.node], ['Chromium', out.chromium ?? []]]) {
    for (const r of list) {
      const size = r.bytes >= 16 << 20 ? '16 MiB' : '1 MiB';
      const other = [`atob ${r.atob.mbPerS.toFixed(0)}`];
      if (r.fromBase64) other.push(`Uint8Array.fromBase64 ${r.fromBase64.mbPerS.toFixed(0)}`);
      else other.push('Uint8Array.fromBase64 absent');
      row('Base64', `${engine}, ${size}: wasm validate() (MB/s of base64)`, r.wasm.mbPerS.toFixed(0), other.join('; '),
        `${ratio(r.wasm.mbPerS, r.atob.mbPerS)} of atob`);
      const e = r.encode;
      const encoders = [`btoa ${e.btoa.mbPerS.toFixed(0)}`, e.toBase64 ? `Uint8Array.toBase64 ${e.toBase64.mbPerS.toFixed(0)}` : 'Uint8Array.toBase64 absent'];
      row('Base64', `${engine}, ${size}: wasm fromBytes() (MB/s of file)`, e.wasm.mbPerS.toFixed(0), encoders.join('; '),
        `${ratio(e.wasm.mbPerS, e.btoa.mbPerS)} of btoa`);
    }
  }
  if (out.chromiumError) notes.push(`Chromium base64 run failed: ${out.chromiumError}`);
}

// ---- media in the page ----------------------------------------------------------------------
/**
 * Publishing a 16 MiB video and a 1 MiB photo from a page in Chromium (bench/media.mjs): the
 * composer and the library path beside a plain-JavaScript floor, at 4x CPU throttling and full
 * speed, median of 5.
 */
function mediaRows() {
  const out = execFileSync(process.execPath, [join(ROOT, 'bench', 'media.mjs'), '--json'],
    { encoding: 'utf8', timeout: 1_800_000, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const { results, profiles } = JSON.parse(out.trim().split('\n').at(-1));
  const ms = (n) => `${Math.round(n).toLocaleString('en')} ms`;
  const of = (r, variant) => results.find((x) => x.rate === r.rate && x.file === r.file && x.variant === variant);
  for (const r of results.filter((x) => x.variant !== 'floor')) {
    const floor = of(r, 'floor');
    const what = `${r.file}, CPU ${r.rate === 1 ? 'full speed' : `${r.rate}x slower`}, ${r.variant}`;
    row('Media in the page', `${what}: click to published`, ms(r.clickToPublished), `floor ${ms(floor.clickToPublished)}`,
      ratio(r.clickToPublished, floor.clickToPublished));
    row('Media in the page', `${what}: longest block, total blocking time (5 ms heartbeat)`,
      `${ms(r.longestBlock)}, ${ms(r.blockingTime)}`, `floor ${ms(floor.longestBlock)}, ${ms(floor.blockingTime)}`,
      `longtask: ${ms(r.longestTask)}, ${ms(r.taskBlockingTime)} (floor ${ms(floor.longestTask)}, ${ms(floor.taskBlockingTime)})`);
  }
  for (const p of profiles) notes.push(`Media, 16 MiB video, ${p.variant}, CPU ${p.rate}x, top self time: ${p.top.join('; ')}`);
}

// ---- run ------------------------------------------------------------------------------------
const started = new Date();
const loadBefore = loadavg();
let local;
try {
  if (!SKIP.has('sizes')) sizes();
  local = await startLocal(PORTS.local);
  if (!SKIP.has('startup')) await startup();
  if (!SKIP.has('proxy')) await proxy();
  if (!SKIP.has('publish')) await publishRows();
  if (!SKIP.has('memory')) await memoryRow();
  if (!SKIP.has('base64')) base64Rows();
  if (!SKIP.has('media')) mediaRows();
} finally {
  if (local) await stop(local);
  stopAll();
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const ohaVersion = execFileSync('oha', ['--version'], { encoding: 'utf8' }).trim();
const workerd = execFileSync(join(ROOT, 'node_modules', '.bin', 'workerd'), ['--version'], { encoding: 'utf8' }).trim();
const lines = [
  `| section | measure | wuts-status | comparison | ratio / note |`,
  `|---|---|---|---|---|`,
  ...rows.map((r) => `| ${r.section} | ${r.what} | ${r.value} | ${r.comparison} | ${r.note} |`),
];
const md = [
  `# wuts-status benchmarks`,
  '',
  ...lines,
  '',
  `Run ${started.toISOString()} at ${rev}: ${cpus().length} × ${cpu}, ${mib(totalmem())} RAM, Linux; ${workerd}, ${ohaVersion}, ` +
    `load average ${loadBefore} before and ${loadavg()} after. Load runs ${SECONDS} s each; load tool, proxies and ` +
    `wuts-local share the machine's cores over loopback. Absolute numbers vary from machine to machine and run ` +
    `to run: the ratios are the point.`,
  '',
  `(a) the Rust Worker, (b) the Hono + zod Worker (bench/hono/), (c) wuts-local straight, (d) the pass-through Worker ` +
    `(bench/passthrough/: forwards the request stream, checks nothing; the floor of any Worker), ` +
    (BASELINE ? `(e) the baseline build of the Rust Worker (BENCH_BASELINE), ` : '') +
    (JS_ENTRY ? `(f) the same checks behind a JavaScript entry that calls the wasm three times a request (bench/js-entry/), ` : '') +
    `each on raw \`workerd serve\` (bench/workerd/*.capnp) with an in-memory KV token store and no Rate Limiting binding ` +
    `(raw workerd has none; the Rust Worker lets requests through without it, src/worker/ratelimit.rs). ` +
    `Fixed-rate runs use oha --latency-correction at ${RATE_SHARE} × the slowest closed-loop throughput of the case.`,
  ...notes.map((n) => `\n${n}`),
  '',
].join('\n');
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'latest.md'), md);
process.stdout.write(md);
