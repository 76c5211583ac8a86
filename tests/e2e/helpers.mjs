// Shared pieces of the end-to-end tests: the stack's addresses (from scripts/test/e2e.sh),
// Debian's Chromium through playwright-core, screenshots, and wuts-local's control endpoints.
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';

/** The demo page's URL with `base-url` and `token`, as scripts/dev/stack.sh prints after `ready:`. */
export const PAGE_URL = process.env.E2E_PAGE_URL ?? fail('E2E_PAGE_URL is not set: run scripts/test/e2e.sh');
/** wuts-local, behind the Worker. */
export const LOCAL_URL = process.env.E2E_LOCAL_URL ?? fail('E2E_LOCAL_URL is not set');
export const EDGE_URL = new URL(PAGE_URL).searchParams.get('base-url');
/** The development token the Worker knows, which the demo page hands to its composer. */
export const TOKEN = new URL(PAGE_URL).searchParams.get('token');
export const SHOTS = process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

function fail(message) {
  throw new Error(message);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A fresh page on the demo, with the composer ready (its wasm loaded), and a log of every
 * request the page sent to the Worker.
 */
export async function openComposer(browser) {
  const context = await browser.newContext({ viewport: { width: 860, height: 980 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  const sent = [];
  page.on('request', (req) => {
    if (req.url().startsWith(EDGE_URL) && req.method() !== 'OPTIONS') sent.push(req);
  });
  await page.goto(PAGE_URL);
  await page.locator('#publish-text:not([disabled])').waitFor();
  return { page, context, sent, errors };
}

export async function shot(page, name) {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function local(path, body) {
  const res = await fetch(`${LOCAL_URL}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** What wuts-local received: `[{kind, body, request_id, ...}]`. */
export async function published() {
  return (await local('/_local/published')).items;
}

/** The element inside the composer's shadow root that has focus, by id. */
export function focusedId(page) {
  return page.evaluate(() => document.querySelector('wuts-status-composer').shadowRoot.activeElement?.id ?? null);
}

/** An 8-bit RGB PNG of `width` x `height` from its filtered scanlines. */
function encodePng(width, height, scanlines) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(scanlines)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real PNG file: a `width` x `height` green-to-blue gradient. */
export function pngFile(width = 240, height = 160) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = 0x25;
      row[2 + x * 3] = Math.round(0xd3 - (0x80 * x) / width);
      row[3 + x * 3] = Math.round(0x66 + (0x99 * y) / height);
    }
    rows.push(row);
  }
  return encodePng(width, height, Buffer.concat(rows));
}

/**
 * A photo-like PNG, `width` x `height`: a sky-to-ground gradient, soft discs of colour and a
 * fine grain, as a camera's noise keeps a photo from compressing. At 4000 x 3000 it is about
 * 10 MiB: over the image limit, as photos from phones often are. Deterministic.
 */
export function photoPng(width, height) {
  const discs = [[0.3, 0.55, 0.18, [240, 190, 60]], [0.7, 0.4, 0.12, [200, 60, 70]], [0.55, 0.8, 0.22, [40, 120, 60]]]
    .map(([x, y, r, rgb]) => [x * width, y * height, (r * width) ** 2, rgb]);
  let seed = 0x2545f491;
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0, o = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    const t = y / height;
    for (let x = 0; x < width; x++) {
      let r = 90 + 120 * t, g = 150 + 40 * t, b = 235 - 150 * t;
      for (const [cx, cy, r2, rgb] of discs) {
        const d = ((x - cx) ** 2 + (y - cy) ** 2) / r2;
        if (d < 1) {
          const w = 1 - d * d;
          r += (rgb[0] - r) * w;
          g += (rgb[1] - g) * w;
          b += (rgb[2] - b) * w;
        }
      }
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      raw[o++] = r + (seed & 1);
      raw[o++] = g + ((seed >>> 1) & 1);
      raw[o++] = b + ((seed >>> 2) & 1);
    }
  }
  return encodePng(width, height, raw);
}

/**
 * The hooks of a test file on the composer: one browser for the file and, for each test,
 * wuts-local reset and a fresh page on the composer, which must end with no uncaught error.
 * Returns the current test's session (`{ page, context, sent, errors }`).
 */
export function composerSessions() {
  let browser;
  let current;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async (t) => {
    await local('/_local/reset', {});
    await current?.context.close();
    current = await openComposer(browser);
    t.after?.(() => assert.deepEqual(current.errors, [], 'no uncaught errors on the page'));
  });
  return new Proxy({}, { get: (_, name) => current?.[name] });
}
