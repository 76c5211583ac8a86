// Runs cases.mjs in Node (the package loaded with initSync) and in Chromium (playwright-core,
// Debian's /usr/bin/chromium, the page's modules served from memory by request routing, so no
// server or network is involved). Prints one JSON object: {node: [...], chromium: [...]}.
//   node bench/base64/bench.mjs [pkg-dir]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(process.argv[2] ?? join(here, '..', '..', 'pkg'));
const { run } = await import('./cases.mjs');

async function inNode() {
  const wuts = await import(pathToFileURL(join(pkg, 'wuts_status.js')).href);
  wuts.initSync({ module: readFileSync(join(pkg, 'wuts_status_bg.wasm')) });
  return run(wuts);
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
      const file = path.startsWith('/pkg/') ? join(pkg, path.slice(5)) : join(here, path.slice(1));
      const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') || file.endsWith('.mjs') ? 'text/javascript' : 'text/html';
      const body = path === '/' ? '<!doctype html><title>base64</title>' : readFileSync(file);
      return route.fulfill({ status: 200, contentType: type, body });
    });
    await page.goto(`${origin}/`);
    return await page.evaluate(async (origin) => {
      const wuts = await import(`${origin}/pkg/wuts_status.js`);
      await wuts.default({ module_or_path: `${origin}/pkg/wuts_status_bg.wasm` });
      const { run } = await import(`${origin}/cases.mjs`);
      return run(wuts);
    }, origin);
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
