// What a schedule costs the caller's Durable Object: workerd's CPU per schedule created and per
// run made, beside a keyed publish (the same object, the same backend call) in the same run, and
// the object's database size per schedule and per run kept.
//
// Needs the edge tests' build of the Worker in build/ (its /_edge/fire-run makes a run now, as
// the alarm does): `WUTS_WORKER_FEATURES=edge-test sh scripts/build/worker.sh`, and wuts-local
// (`cargo build --release --features local --bin wuts-local`).
//
//   node bench/schedules/run.mjs [schedules, default 200]
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { workerOptions } from '../../tests/edge/worker.mjs';

const N = Number(process.argv[2] ?? 200);
const WIDTH = 8;
const LOCAL_PORT = 18960;
const LOCAL = `http://127.0.0.1:${LOCAL_PORT}`;

const target = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'])).target_directory;
const local = spawn(join(target, 'release', 'wuts-local'), ['--listen', `127.0.0.1:${LOCAL_PORT}`], { stdio: 'ignore' });
const dir = mkdtempSync(join(tmpdir(), 'wuts-schedules-bench-'));
const mf = new Miniflare(convertV4MiniflareOptions({
  host: '127.0.0.1',
  port: 0,
  resourcePersistencePath: dir,
  workers: [workerOptions({
    name: 'wuts-status-schedules-bench',
    kvId: 'wuts-tokens-bench',
    vars: { WUTS_BACKEND_URL: LOCAL, WUTS_SCHEDULE_SECRET: 'bench-secret', WUTS_MAX_SCHEDULES: String(N + 10), WUTS_REQUEST_LOG: 'none',
      // BENCH_TOKEN_CACHE_S=0: every request reads the token store, as every run does.
      ...(process.env.BENCH_TOKEN_CACHE_S ? { WUTS_TOKEN_CACHE_S: process.env.BENCH_TOKEN_CACHE_S } : {}) },
  })],
}));
try {
  const url = await mf.ready;
  for (let i = 0; i < 50; i++) {
    if (await fetch(`${LOCAL}/_local/published`).then((r) => r.ok, () => false)) break;
    await sleep(100);
  }
  const token = randomUUID();
  const digest = createHash('sha256').update(token).digest('hex');
  await (await mf.getKVNamespace('WUTS_TOKENS')).put(digest, JSON.stringify({ tenant: 'bench', sha256: digest }));

  // workerd: the process among ours whose CPU the Worker and its objects spend.
  const workerd = execFileSync('pgrep', ['-f', 'workerd serve']).toString().trim().split('\n')
    .map(Number).find((pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[3] !== undefined);
  const ticks = () => { const f = readFileSync(`/proc/${workerd}/stat`, 'utf8').split(' '); return Number(f[13]) + Number(f[14]); };
  const tck = Number(execFileSync('getconf', ['CLK_TCK']).toString());
  const call = (path, init = {}) => fetch(new URL(path, url), {
    ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  }).then(async (res) => ({ status: res.status, json: await res.json() }));
  const pool = async (jobs) => {
    const out = [];
    let next = 0;
    await Promise.all(Array.from({ length: WIDTH }, async () => {
      while (next < jobs.length) { const i = next++; out[i] = await jobs[i](); }
    }));
    return out;
  };
  /** CPU µs per job of `jobs`, and their results. */
  const measure = async (jobs) => {
    const before = ticks();
    const results = await pool(jobs);
    return { us: ((ticks() - before) / tck / jobs.length) * 1e6, results };
  };
  const expect = (status, res) => { if (res.status !== status) throw new Error(JSON.stringify(res)); return res; };

  const later = new Date(Date.now() + 3 * 3600 * 1000);
  const time = `${String(later.getUTCHours()).padStart(2, '0')}:${String(later.getUTCMinutes()).padStart(2, '0')}`;
  const body = (i) => JSON.stringify({ request: 'text', status: { text: `We are open today from 9am to 6pm (${i}).` },
    repeat: { every: 'day', time, time_zone: 'Europe/Lisbon' } });
  // Warm the isolate (unkeyed: nothing kept in the object).
  await pool(Array.from({ length: 20 }, (_, i) => () => call('/status/text', { method: 'POST', body: JSON.stringify({ text: `warm ${i}` }) })));

  const created = await measure(Array.from({ length: N }, (_, i) => () =>
    call('/schedules', { method: 'POST', body: body(i), headers: { 'idempotency-key': randomUUID() } }).then((r) => expect(201, r))));
  const schedules = created.results.map((r) => r.json.schedule);
  const fire = (s, at) => () => call('/_edge/fire-run', { method: 'POST', headers: { 'x-schedule': s.id, 'x-at': String(at) } }).then((r) => expect(200, r));
  const size = async () => (await fire(schedules[0], 0)()).json.database_bytes;
  const withSchedules = await size();
  const keyed = await measure(Array.from({ length: N }, (_, i) => () =>
    call('/status/text', { method: 'POST', body: JSON.stringify({ text: `keyed ${i}` }), headers: { 'idempotency-key': randomUUID() } }).then((r) => expect(200, r))));
  const size0 = await size();
  const first = await measure(schedules.map((s) => fire(s, Date.parse(s.next_run))));
  const afterFirst = Math.max(...first.results.map((r) => r.json.database_bytes));
  const second = await measure(first.results.map((r) => fire(r.json.schedule, Date.parse(r.json.schedule.next_run))));
  const afterSecond = Math.max(...second.results.map((r) => r.json.database_bytes));
  const published = second.results.filter((r) => r.json.schedule.runs[0]?.outcome === 'published').length;
  const replays = await measure(schedules.map((s) => fire(s, Date.parse(s.next_run))));
  // The test route alone (the schedule read back and the database's size, no run): what the
  // rows above spend besides the run itself.
  const route = await measure(schedules.map((s) => fire(s, 0)));

  console.log(`${N} schedules, one caller (a warmed isolate and object), ${WIDTH} at a time; workerd CPU per request:`);
  console.log(`  keyed publish (the baseline)        ${keyed.us.toFixed(0).padStart(6)} µs`);
  console.log(`  POST /schedules (keyed)             ${created.us.toFixed(0).padStart(6)} µs  ${(created.us / keyed.us).toFixed(2)}x`);
  console.log(`  a run (first)                       ${first.us.toFixed(0).padStart(6)} µs  ${(first.us / keyed.us).toFixed(2)}x`);
  console.log(`  a run (second)                      ${second.us.toFixed(0).padStart(6)} µs  ${(second.us / keyed.us).toFixed(2)}x  (${published}/${N} published)`);
  console.log(`  a run delivered again (replayed)    ${replays.us.toFixed(0).padStart(6)} µs  ${(replays.us / keyed.us).toFixed(2)}x`);
  console.log(`  the test route alone (no run)       ${route.us.toFixed(0).padStart(6)} µs  ${(route.us / keyed.us).toFixed(2)}x`);
  console.log(`  so a run itself: ${(second.us - route.us).toFixed(0)} µs (${((second.us - route.us) / keyed.us).toFixed(2)}x a keyed publish), replayed ${(replays.us - route.us).toFixed(0)} µs`);
  console.log(`database: ${withSchedules} bytes with ${N} schedules (${(withSchedules / N).toFixed(0)} per schedule, its creation key and the tables included);`);
  console.log(`  +${size0 - withSchedules} with ${N} keyed publishes' keys (${((size0 - withSchedules) / N).toFixed(0)} each);`);
  console.log(`  +${afterFirst - size0} after ${N} runs, +${afterSecond - afterFirst} after ${N} more (${((afterSecond - afterFirst) / N).toFixed(0)} per run kept, with its key)`);
} finally {
  await mf.dispose();
  local.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
