// Helpers shared by bench/run.mjs and bench/soak.mjs: processes on loopback, /proc readings,
// the token fixture and oha runs. Every wait here is bounded.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = join(ROOT, 'bench', 'results');
export const STAGE = join(RESULTS, 'stage');
export const WORKERD = join(ROOT, 'node_modules', '.bin', 'workerd');
/** Where cargo puts build output: CARGO_TARGET_DIR, a cargo config's, or target/. */
export const TARGET_DIR = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'],
  { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 })).target_directory;
export const WUTS_LOCAL = join(TARGET_DIR, 'release', 'wuts-local');
export const TOKEN = '3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71';
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The KV seed: the bench token's digest -> its tenant record, as scripts/ops/edge-token.mjs writes. */
export function kvSeed() {
  const digest = createHash('sha256').update(TOKEN).digest('hex');
  return JSON.stringify({ [digest]: { tenant: 'bench', sha256: digest, revoked: false } });
}

const children = new Set();
export function stopAll() {
  for (const child of children) child.kill('SIGTERM');
  children.clear();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { stopAll(); process.exit(130); });

/** Starts a process with its output discarded (the proxies log a line per request). */
export function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  child.lastError = () => stderr;
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Polls `url` until it answers 200; returns milliseconds since `since`. */
export async function waitReady(url, since, child, timeoutMs = 20_000) {
  while (performance.now() - since < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`exited early: ${child.lastError()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return performance.now() - since;
    } catch { /* not up yet */ }
    await sleep(2);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${child?.lastError() ?? ''}`);
}

export async function startLocal(port) {
  const child = start(WUTS_LOCAL, ['--listen', `127.0.0.1:${port}`]);
  await waitReady(`http://127.0.0.1:${port}/_local/healthz`, performance.now(), child);
  return child;
}

/** workerd serving `config` (bench/workerd/*.capnp) on `port`, forwarding to `backend`. */
export async function startWorkerd(config, port, backend, extraArgs = []) {
  const since = performance.now();
  const path = join(ROOT, 'bench', 'workerd', config);
  // A config with Durable Objects keeps their storage in a fresh directory of its own, in
  // memory (/dev/shm) where there is one: what is measured is the Worker, not this disk's
  // fsync (Cloudflare's storage is another matter; docs/edge.md).
  if (readFileSync(path, 'utf8').includes('"do-storage"')) {
    const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    extraArgs = ['--directory-path', `do-storage=${mkdtempSync(join(base, 'wuts-do-'))}`, ...extraArgs];
  }
  const child = start(WORKERD, ['serve', path, '--socket-addr', `http=127.0.0.1:${port}`, ...extraArgs], {
    WUTS_BACKEND_URL: backend,
    BENCH_KV: kvSeed(),
  });
  child.readyMs = await waitReady(`http://127.0.0.1:${port}/healthz`, since, child);
  return child;
}

/** utime + stime of a process and all its threads, in seconds. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** {rss, hwm} of a process in bytes, from /proc/PID/status. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

export function loadavg() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/**
 * One oha run against `url` with the JSON body in `bodyFile`. Closed loop with `connections`
 * for `seconds`, or at a fixed `rate` with latency correction (no coordinated omission).
 */
export function oha({ url, method = 'POST', bodyFile, seconds, connections, rate, requests }) {
  const args = ['--no-tui', '--output-format', 'json', '-m', method,
    '-H', `Authorization: Bearer ${TOKEN}`, '-T', 'application/json', '-D', bodyFile,
    '-c', String(connections), '-t', '30s'];
  if (requests) args.push('-n', String(requests));
  else args.push('-z', `${seconds}s`);
  if (rate) args.push('-q', String(rate), '--latency-correction');
  const out = JSON.parse(execFileSync('oha', [...args, url], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: (seconds ?? 120) * 1000 + 60_000 }));
  const codes = out.statusCodeDistribution ?? {};
  const total = Object.values(codes).reduce((a, b) => a + b, 0);
  return {
    rps: out.summary.requestsPerSec,
    ok: codes['200'] ?? 0,
    total,
    errors: Object.values(out.errorDistribution ?? {}).reduce((a, b) => a + b, 0),
    p50: out.latencyPercentiles.p50 * 1000,
    p99: out.latencyPercentiles.p99 * 1000,
  };
}

/**
 * One closed-loop wrk run against `url` with the JSON body in `bodyFile` (bench/load/wrk.lua),
 * with a fresh Idempotency-Key on every request when `keyed`: oha sends one set of headers, so
 * the keyed rows and the rows they are compared with all use wrk. Returns throughput and counts.
 */
export function wrk({ url, bodyFile, seconds, connections, keyed = false }) {
  const out = execFileSync('wrk', ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '--timeout', '30s',
    '-s', join(ROOT, 'bench', 'load', 'wrk.lua'), url], {
    encoding: 'utf8',
    timeout: seconds * 1000 + 60_000,
    env: { ...process.env, WRK_BODY: bodyFile, WRK_TOKEN: TOKEN, WRK_KEYED: keyed ? '1' : '0', WRK_KEY_PREFIX: `k${Date.now()}` },
  });
  const result = JSON.parse(out.trim().split('\n').pop());
  const total = result.requests;
  return { rps: total / (result.duration_us / 1e6), total, ok: total - result.non2xx - result.errors, errors: result.errors };
}

/**
 * An open-loop run at a fixed `rate` for `seconds`: each request is sent at its scheduled time
 * whatever the ones before are doing, and its latency counts from that time (no coordinated
 * omission), with a fresh Idempotency-Key on each when `keyed`. Returns p50 and p99 in ms.
 */
export async function paced({ url, body, seconds, rate, keyed = false }) {
  const latencies = [];
  let [ok, total] = [0, 0];
  const prefix = `p${Date.now()}`;
  const start = performance.now();
  const count = Math.floor(seconds * rate);
  const inFlight = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    if (keyed) headers['idempotency-key'] = `${prefix}-${i}`;
    inFlight.push(fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) })
      .then(async (res) => { await res.arrayBuffer(); if (res.status === 200) ok++; })
      .catch(() => {})
      .finally(() => { total++; latencies.push(performance.now() - due); }));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { ok, total, p50: at(0.5), p99: at(0.99) };
}
