// The example Rust page (examples/publish_page/), built by scripts/test/example.sh, served here
// and driven in Debian's Chromium against a real wuts-local.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const DIR = process.env.EXAMPLE_DIR ?? fail('EXAMPLE_DIR is not set: run scripts/test/example.sh');
const LOCAL_URL = process.env.EXAMPLE_LOCAL_URL ?? fail('EXAMPLE_LOCAL_URL is not set');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

function fail(message) {
  throw new Error(message);
}

let server;
let browser;
let pageUrl;

before(async () => {
  // The three files of the built page, and nothing else.
  server = createServer(async (req, res) => {
    const name = new URL(req.url, 'http://x').pathname.slice(1) || 'index.html';
    if (!/^[\w.]+$/.test(name)) return res.writeHead(404).end();
    try {
      const body = await readFile(join(DIR, name));
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function local(path, body) {
  const res = await fetch(`${LOCAL_URL}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  assert.ok(res.ok, `${path}: HTTP ${res.status}`);
  return res.json();
}

/** The page with a fresh token, loaded and ready; page errors are collected. */
async function open(token = randomUUID()) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  const query = new URLSearchParams({ 'base-url': LOCAL_URL, token });
  await page.goto(`${pageUrl}?${query}`);
  return { page, token, errors };
}

async function publish(page, text) {
  await page.fill('#text', text);
  await page.click('button[type=submit]');
  await page.locator('#result:not([data-state=sending])').waitFor();
  const result = page.locator('#result');
  return { state: await result.getAttribute('data-state'), text: await result.textContent() };
}

test('the page publishes a status through the Rust client', async () => {
  await local('/_local/reset', {});
  const { page, token, errors } = await open();
  await page.locator('#result[data-state=ready]').waitFor();
  const result = await publish(page, 'We are open today from 9am to 6pm.');
  assert.equal(result.state, 'published', result.text);
  const { items } = await local(`/_local/published?token=${token}`);
  assert.equal(items.length, 1);
  assert.deepEqual(items[0].body, { text: 'We are open today from 9am to 6pm.' });
  assert.equal(result.text, `published: ${items[0].message_id}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a status that breaks the rules is refused before anything is sent', async () => {
  await local('/_local/reset', {});
  const { page, token } = await open();
  await page.locator('#result[data-state=ready]').waitFor();
  const result = await publish(page, '   ');
  assert.deepEqual(result, { state: 'error', text: 'invalid_request: text: cannot be empty or only white space' });
  assert.deepEqual((await local(`/_local/published?token=${token}`)).items, []);
  await page.close();
});

test('a server error is shown with its code and request id', async () => {
  await local('/_local/reset', {});
  await local('/_local/faults', { fault: 'device_disconnected', path: '/status/text' });
  const { page } = await open();
  await page.locator('#result[data-state=ready]').waitFor();
  const result = await publish(page, 'hello');
  assert.equal(result.state, 'error');
  assert.match(result.text, /^device_disconnected: whatsapp session is not connected \(request [0-9a-f]+\)$/);
  await page.close();
});

test('a malformed token is reported when the page starts', async () => {
  const { page } = await open('not-a-token');
  await page.locator('#result[data-state=error]').waitFor();
  assert.match(await page.locator('#result').textContent(), /^invalid_request: token: /);
  await page.close();
});
