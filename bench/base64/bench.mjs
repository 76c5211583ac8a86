// Runs cases.mjs in Node (the package loaded with initSync) and in Chromium (playwright-core,
// Debian's /usr/bin/chromium, the page's modules served from memory by request routing, so no
// server or network is involved). Prints one JSON object: {node: [...], chromium: [...]}.
// With a second package directory (another build, say main's), its validate() is measured
// beside this one's in the same run, and a table of both against atob goes to stderr.
//   node bench/base64/bench.mjs [pkg-dir] [baseline-pkg-dir]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(process.argv[2] ?? join(here, '..', '..', 'pkg'));
const base = process.argv[3] && resolve(process.argv[3]);
const { run } = await import('./cases.mjs');

async function inNode() {
  const load = async (dir) => {
    const wuts = await import(pathToFileURL(join(dir, 'wuts_status.js')).href);
    wuts.initSync({ module: readFileSync(join(dir, 'wuts_status_bg.wasm')) });
    return wuts;
  };
  return run(await load(pkg), { baseline: base && (await load(base)) });
}

async function inChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const origin = 'http://bench.invalid';
    await page.route(`${origin}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      const file = path.startsWith('/pkg/') ? join(pkg, path.slice(5))
        : path.startsWith('/base/') ? join(base, path.slice(6)) : join(here, path.slice(1));
      const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') || file.endsWith('.mjs') ? 'text/javascript' : 'text/html';
      const body = path === '/' ? '<!doctype html><title>base64</title>' : readFileSync(file);
      return route.fulfill({ status: 200, contentType: type, body });
    });
    await page.goto(`${origin}/`);
    return await page.evaluate(async ({ origin, withBase }) => {
      const load = async (dir) => {
        const wuts = await import(`${origin}/${dir}/wuts_status.js`);
        await wuts.default({ module_or_path: `${origin}/${dir}/wuts_status_bg.wasm` });
        return wuts;
      };
      const { run } = await import(`${origin}/cases.mjs`);
      return run(await load('pkg'), { baseline: withBase ? await load('base') : undefined });
    }, { origin, withBase: Boolean(base) });
  } finally {
    await browser.close();
  }
}

const out = { node: await inNode(), nodeVersion: process.version };
try {
  out.chromium = await inChromium();
} catch (error) {
  out.chromiumError = String(error.message ?? error).split('\n')[0];
}
console.log(JSON.stringify(out));
if (base) {
  const mb = (m) => m.mbPerS.toFixed(0);
  const x = (m, r) => `${mb(m)} MB/s (${(m.mbPerS / r.atob.mbPerS).toFixed(2)}x)`;
  const lines = ['| runtime, size | validate(), baseline | validate(), this build | atob |', '|---|---|---|---|'];
  for (const [engine, list] of [[`Node ${out.nodeVersion}`, out.node], ['Chromium', out.chromium ?? []]]) {
    for (const r of list) lines.push(`| ${engine}, ${r.bytes >> 20} MiB | ${x(r.baseline, r)} | ${x(r.wasm, r)} | ${mb(r.atob)} MB/s |`);
  }
  console.error(lines.join('\n'));
}
