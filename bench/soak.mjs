// The soak behind scripts/measure/soak.sh: SOAK_REQUESTS (default 100,000) text statuses through the
// Rust Worker on raw `workerd serve`, wuts-local behind it, SOAK_CONCURRENCY (default 32) in
// flight. Each request carries its own X-Request-Id. At the end:
//   - nothing lost: every 200 answer's message_id is in wuts-local's /_local/published exactly
//     once, under the same request id, and wuts-local holds nothing else;
//   - memory steady: workerd's RSS, sampled every second. V8 and workerd grow their heaps
//     over the first tens of thousands of requests and then level off (about 450 MiB on the
//     recorded run, for this Worker and the Hono one alike), so the test is on the second half
//     of the run: the least-squares slope of RSS over requests sent, times the requests of that
//     half, must stay under SOAK_MAX_GROWTH_MIB (default 32 MiB, so a leak of about 0.7 KB a
//     request over 100,000 fails).
// SOAK_WORKER=hono runs the same soak through the Hono Worker (bench/hono/), for comparison.
// SOAK_KEYED=1 gives every publish its own Idempotency-Key and sends every tenth one again with
// the same key once answered: each repeat must be a replay of the same message_id, and the
// one-to-one check above still holds (zero duplicate publishes). The memory trend is reported
// but not judged then: the Durable Object's store of keys grows with every key, by design.
// Exits 1 on either failure. wuts-local keeps its newest 100,000 records, so runs above that
// are refused rather than reported as losses.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { RESULTS, TOKEN, loadavg, memory, startLocal, startWorkerd, stop, stopAll } from './lib.mjs';

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 100_000);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 32);
const MAX_GROWTH = Number(process.env.SOAK_MAX_GROWTH_MIB ?? 32) * 1048576;
const DEADLINE_MS = Number(process.env.SOAK_DEADLINE_S ?? 900) * 1000;
const WUTS_LOCAL_KEEPS = 100_000;
// `hono` soaks the comparison Worker instead, to tell the runtime's own growth from the proxy's.
const WORKER = process.env.SOAK_WORKER ?? 'rust';
const KEYED = process.env.SOAK_KEYED === '1';
const PORTS = { local: 18920, proxy: 18921 };
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const log = (m) => process.stderr.write(`[soak] ${m}\n`);

if (REQUESTS > WUTS_LOCAL_KEEPS) {
  log(`wuts-local keeps at most ${WUTS_LOCAL_KEEPS} records: SOAK_REQUESTS must not exceed that`);
  process.exit(2);
}

const backend = `http://127.0.0.1:${PORTS.local}`;
const local = await startLocal(PORTS.local);
const proxy = await startWorkerd(`${WORKER}.capnp`, PORTS.proxy, backend);
const url = `http://127.0.0.1:${PORTS.proxy}/status/text`;

const answered = new Map(); // request id -> message id, for 200s
const statuses = {};
const samples = [];
const started = performance.now();
const sampler = setInterval(() => samples.push({ t: (performance.now() - started) / 1000, sent: next, rss: memory(proxy.pid).rss }), 1000);
let next = 0;
let failures = 0;
let replays = 0;
let badReplays = 0;

async function worker() {
  while (next < REQUESTS && performance.now() - started < DEADLINE_MS) {
    const n = next++;
    const id = `soak-${n}`;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-request-id': id };
    if (KEYED) headers['idempotency-key'] = `soak-key-${n}`;
    const init = { method: 'POST', headers, body: JSON.stringify({ text: `soak status ${n}` }) };
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      const body = await res.json().catch(() => null);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 200) answered.set(id, body?.message_id);
      if (KEYED && n % 10 === 0 && res.status === 200) {
        const again = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
        const replayed = await again.json().catch(() => null);
        replays++;
        if (again.headers.get('idempotency-replayed') !== 'true' || replayed?.message_id !== body?.message_id) badReplays++;
      }
    } catch {
      failures++;
    }
    if (n % 10_000 === 0 && n) log(`${n} sent, RSS ${mib(memory(proxy.pid).rss)}`);
  }
}

let ok = true;
try {
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(sampler);
  samples.push({ t: (performance.now() - started) / 1000, sent: next, rss: memory(proxy.pid).rss });
  const seconds = (performance.now() - started) / 1000;

  const listed = await (await fetch(`${backend}/_local/published`)).json();
  const items = listed.items ?? listed;
  const seen = new Map();
  for (const item of items) seen.set(item.message_id, [...(seen.get(item.message_id) ?? []), item.request_id]);
  let lost = 0;
  let duplicated = 0;
  let mismatched = 0;
  for (const [id, messageId] of answered) {
    const at = seen.get(messageId);
    if (!at) lost++;
    else if (at.length > 1) duplicated++;
    else if (at[0] !== id) mismatched++;
  }
  const extra = items.length - answered.size;

  // Memory: start and end are the means of the first and last tenth of the samples; the
  // trend is the slope over the second half, projected over that half's requests.
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const mean = (xs) => xs.reduce((a, s) => a + s.rss, 0) / xs.length;
  const [startRss, endRss] = [mean(samples.slice(0, tenth)), mean(samples.slice(-tenth))];
  const peak = Math.max(...samples.map((s) => s.rss), memory(proxy.pid).hwm);
  const half = samples.filter((s) => s.sent >= next / 2);
  const [mx, my] = [half.reduce((a, s) => a + s.sent, 0) / half.length, mean(half)];
  const sxx = half.reduce((a, s) => a + (s.sent - mx) ** 2, 0);
  const slope = sxx ? half.reduce((a, s) => a + (s.sent - mx) * (s.rss - my), 0) / sxx : 0;
  const growth = slope * (next / 2);

  const sent = next;
  const report = [
    `requests sent: ${sent} in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)} req/s), ${CONCURRENCY} in flight`,
    `statuses: ${JSON.stringify(statuses)}; transport failures: ${failures}`,
    ...(KEYED ? [`keyed: every publish with its own Idempotency-Key; ${replays} sent again with theirs, ${badReplays} not answered by a replay of the first`] : []),
    `wuts-local published: ${items.length}; 200 answers: ${answered.size}; lost ${lost}, duplicated ${duplicated}, ` +
      `under another request id ${mismatched}, unanswered extras ${extra}`,
    `workerd RSS: start ${mib(startRss)}, peak ${mib(peak)}, end ${mib(endRss)}; trend over the second half ` +
      `${mib(growth)} (${(slope / 1024).toFixed(3)} KiB a request; limit ${mib(MAX_GROWTH)})`,
    `load average after: ${loadavg()}`,
  ];
  const failuresSeen = [];
  if (sent < REQUESTS) failuresSeen.push(`only ${sent} of ${REQUESTS} sent before the deadline`);
  if (answered.size !== sent) failuresSeen.push(`${sent - answered.size} requests did not get a 200`);
  if (lost || duplicated || mismatched || extra !== 0) failuresSeen.push('published records do not match the 200 answers one to one');
  if (badReplays) failuresSeen.push(`${badReplays} repeats were not replays of their first answer`);
  // Keyed, the key store grows by design (every key is kept for a day), in the same process.
  if (growth > MAX_GROWTH && !KEYED) failuresSeen.push(`RSS kept growing: ${mib(growth)} over the second half`);
  ok = failuresSeen.length === 0;
  report.push(ok ? 'soak: PASS' : `soak: FAIL: ${failuresSeen.join('; ')}`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, KEYED ? 'soak-keyed.md' : 'soak.md'), `${report.join('\n')}\n\nRSS samples (s, requests sent, MiB):\n${samples.map((s) => `${s.t.toFixed(0)} ${s.sent} ${(s.rss / 1048576).toFixed(1)}`).join('\n')}\n`);
  console.log(report.join('\n'));
} finally {
  clearInterval(sampler);
  await stop(proxy);
  await stop(local);
  stopAll();
}
process.exit(ok ? 0 : 1);
