// Idempotency-Key on the publishing endpoints: a key is forwarded once, its repeats get the first
// answer, and nothing is published twice, whatever the caller does in between.
//
// Most tests use the shared Worker (a 1.5 s backend deadline). Those that need a longer
// deadline, a restart or a short key lifetime start their own Worker under workerd
// (tests/edge/serve.mjs) with a copy of the token store and their own Durable Object storage.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL, TOKENS, assertCommonHeaders, assertError, call, fault, published, reset } from './helpers.mjs';

const token = TOKENS.idem;
const other = TOKENS.lanes[0];

beforeEach(reset);

function keyed(key, text, { tok = token, base } = {}) {
  return send(base, '/status/text', { token: tok, body: { text }, headers: { 'idempotency-key': key } });
}

async function send(base, path, options) {
  if (base === undefined) return call(path, options);
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

function assertReplay(res, first) {
  assert.equal(res.status, first.status, res.text);
  assert.equal(res.text, first.text, 'the first answer, byte for byte');
  assert.equal(res.headers.get('idempotency-replayed'), 'true');
  assertCommonHeaders(res);
}

test('the same key twice publishes once; the repeat gets the first answer', async () => {
  const key = crypto.randomUUID();
  const first = await keyed(key, 'Open until 6pm.');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.headers.get('idempotency-replayed'), null);
  const again = await keyed(key, 'Open until 6pm.');
  assertReplay(again, first);
  const items = await published();
  assert.equal(items.length, 1);
  assert.equal(items[0].message_id, first.json.message_id);
  assert.equal(again.json.message_id, first.json.message_id);
});

test('without a key, every request is forwarded as before', async () => {
  for (let i = 0; i < 2; i++) assert.equal((await call('/status/text', { token, body: { text: 'same' } })).status, 200);
  assert.equal((await published()).length, 2);
});

test('50 concurrent requests with one key publish exactly once', async () => {
  const key = crypto.randomUUID();
  const answers = await Promise.all(Array.from({ length: 50 }, () => keyed(key, 'One of fifty.')));
  const items = await published();
  assert.equal(items.length, 1, 'one publish');
  const fresh = answers.filter((a) => a.status === 200 && a.headers.get('idempotency-replayed') === null);
  assert.equal(fresh.length, 1, 'one request was forwarded');
  for (const a of answers) {
    if (a.status === 409) {
      assertError(a, 'conflict');
      assert.equal(a.headers.get('retry-after'), '1');
    } else {
      assert.equal(a.status, 200, a.text);
      assert.equal(a.json.message_id, items[0].message_id);
    }
  }
  // Once settled, every repeat is a replay.
  assertReplay(await keyed(key, 'One of fifty.'), fresh[0]);
  assert.equal((await published()).length, 1);
});

test('the same key with another body is 422 and publishes nothing more', async () => {
  const key = crypto.randomUUID();
  assert.equal((await keyed(key, 'First text.')).status, 200);
  const res = await keyed(key, 'Another text.');
  assertError(res, 'idempotency_key_mismatch', 422);
  // Another endpoint with the same key is another body too.
  const media = await call('/status/media', {
    token, headers: { 'idempotency-key': key },
    body: { url: 'https://cdn.example.com/a.png', mime_type: 'image/png' },
  });
  assertError(media, 'idempotency_key_mismatch', 422);
  assert.equal((await published()).length, 1);
});

test('bodies are compared once normalized', async () => {
  const key = crypto.randomUUID();
  const first = await call('/status/text', { token, headers: { 'idempotency-key': key }, body: { text: 'Hi', font: 0 } });
  assert.equal(first.status, 200, first.text);
  // Reordered fields and an explicit default are the same request.
  const raw = '{ "font": 0,\n "text": "Hi" }';
  const again = await call('/status/text', {
    token, raw, headers: { 'idempotency-key': key, 'content-type': 'application/json' },
  });
  assertReplay(again, first);
  assert.equal((await published()).length, 1);
});

test("two callers' equal keys never meet", async () => {
  const key = 'order-1';
  const a = await keyed(key, 'From the first caller.');
  const b = await keyed(key, 'From the second caller.', { tok: other });
  assert.equal(a.status, 200, a.text);
  assert.equal(b.status, 200, b.text);
  assert.notEqual(a.json.message_id, b.json.message_id);
  assert.equal((await published()).length, 2);
});

test('a malformed key is 400 naming the header, and nothing is sent', async () => {
  for (const [key, code] of [['k'.repeat(256), 'too_long'], ['caf\u00e9', 'invalid']]) {
    // fetch refuses header values outside Latin-1, and sends é as one byte.
    const res = await call('/status/text', { token, body: { text: 'x' }, headers: { 'idempotency-key': key } });
    assertError(res, 'invalid_request');
    assert.deepEqual(res.json.error.details.map((d) => [d.field, d.code]), [['Idempotency-Key', code]]);
  }
  assert.equal((await published()).length, 0);
});

test('a key on a privacy update is ignored: the update is idempotent already', async () => {
  const key = crypto.randomUUID();
  for (const type of ['contacts', 'contacts']) {
    const res = await call('/status/privacy', { method: 'PUT', token, body: { type }, headers: { 'idempotency-key': key } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('idempotency-replayed'), null);
  }
});

test('a WUTS error is kept for the key; device_disconnected releases it for a retry', async () => {
  const failed = crypto.randomUUID();
  await fault({ fault: 'status_failed', count: 1, path: '/status/text' });
  const first = await keyed(failed, 'Fails once.');
  assertError(first, 'status_failed');
  assertReplay(await keyed(failed, 'Fails once.'), first);

  const disconnected = crypto.randomUUID();
  await fault({ fault: 'device_disconnected', count: 1, path: '/status/text' });
  assertError(await keyed(disconnected, 'Later.'), 'device_disconnected');
  const retry = await keyed(disconnected, 'Later.');
  assert.equal(retry.status, 200, retry.text);
  assert.equal(retry.headers.get('idempotency-replayed'), null);
  assert.equal((await published()).length, 1);
});

test('a key whose backend call passed the deadline keeps the timeout', async () => {
  const key = crypto.randomUUID();
  await fault({ fault: 'delay', delay_ms: Number(process.env.EDGE_TIMEOUT_MS) + 1000, count: 1, path: '/status/text' });
  const first = await keyed(key, 'Slow.');
  assertError(first, 'status_timeout');
  assertReplay(await keyed(key, 'Slow.'), first);
});

// A Worker of its own: `vars` over the shared instance's, and its own storage.
async function ownWorker(port, vars) {
  const persist = mkdtempSync(join(tmpdir(), 'wuts-idem-'));
  cpSync(process.env.EDGE_STATE_DIR, persist, { recursive: true });
  const start = async () => {
    const child = spawn(process.execPath, [new URL('./serve.mjs', import.meta.url).pathname], {
      env: {
        ...process.env, EDGE_PORT: String(port), EDGE_PERSIST: persist, EDGE_KV_ID: 'wuts-tokens-test',
        EDGE_VARS: JSON.stringify({ WUTS_BACKEND_URL: LOCAL, ...vars }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (d) => { log += d; });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch { /* not up yet */ }
      if (i > 300 || child.exitCode !== null) throw new Error(`the Worker on ${port} did not start:\n${log}`);
      await sleep(100);
    }
    const stop = () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    return { base, stop };
  };
  return { start };
}

const running = [];
after(async () => { for (const w of running) await w.stop(); });

test('a caller that gives up while the backend works gets the first answer on its retry, across a restart', async () => {
  const worker = await ownWorker(18795, { WUTS_BACKEND_TIMEOUT_MS: '10000' });
  let edge = await worker.start();
  running.push(edge);
  const key = crypto.randomUUID();
  const body = JSON.stringify({ text: 'Held for three seconds.' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key };
  await fault({ fault: 'delay', delay_ms: 3000, count: 1, path: '/status/text' });
  const started = Date.now();
  await assert.rejects(
    fetch(`${edge.base}/status/text`, { method: 'POST', headers, body, signal: AbortSignal.timeout(500) }),
    { name: 'TimeoutError' },
  );
  // The first call is still in flight: a retry is told to wait.
  const early = await send(edge.base, '/status/text', { token, body: JSON.parse(body), headers: { 'idempotency-key': key } });
  assertError(early, 'conflict');
  assert.ok(Date.now() - started < 3000, 'the retry came while the backend held the first');

  let res;
  do {
    await sleep(250);
    res = await send(edge.base, '/status/text', { token, body: JSON.parse(body), headers: { 'idempotency-key': key } });
  } while (res.status === 409 && Date.now() - started < 15_000);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('idempotency-replayed'), 'true');
  const items = await published();
  assert.equal(items.length, 1, 'the backend published once');
  assert.equal(res.json.message_id, items[0].message_id);

  // Stopped and started again on the same storage, the key still holds.
  await edge.stop();
  edge = await worker.start();
  running.push(edge);
  const later = await send(edge.base, '/status/text', { token, body: JSON.parse(body), headers: { 'idempotency-key': key } });
  assert.equal(later.status, 200, later.text);
  assert.equal(later.headers.get('idempotency-replayed'), 'true');
  assert.equal(later.json.message_id, items[0].message_id);
  assert.equal((await published()).length, 1);
  await edge.stop();
});

test('an expired key is forgotten', async () => {
  const edge = await (await ownWorker(18794, { WUTS_IDEMPOTENCY_TTL_S: '2' })).start();
  running.push(edge);
  const key = crypto.randomUUID();
  const first = await keyed(key, 'Before.', { base: edge.base });
  assert.equal(first.status, 200, first.text);
  assert.equal((await keyed(key, 'Before.', { base: edge.base })).headers.get('idempotency-replayed'), 'true');
  await sleep(2500);
  // Forgotten: the same key is a new request, even with another body.
  const again = await keyed(key, 'After.', { base: edge.base });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.headers.get('idempotency-replayed'), null);
  assert.equal((await published()).length, 2);
  await edge.stop();
});
