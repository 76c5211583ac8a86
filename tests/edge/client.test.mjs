// The npm package's client through the proxy (the build in pkg/, from scripts/build/package.sh):
// with `retryPublish`, a publish whose attempt times out is retried with the same
// Idempotency-Key, waits out the proxy's 409 while the first attempt is in flight, and resolves
// with the first attempt's answer; the backend publishes once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { beforeEach, test } from 'node:test';
import { EDGE, TOKENS, fault, published, reset } from './helpers.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const { default: init, WutsClient, WutsError } = await import(new URL('index.js', pkg));
await init({ module_or_path: await readFile(new URL('wuts_status_bg.wasm', pkg)) });

beforeEach(reset);

test('a publish retried after a timeout is published once, and resolves with its answer', async () => {
  const client = new WutsClient({
    baseUrl: EDGE, token: TOKENS.idem, timeoutMs: 400, retryPublish: true,
    retry: { retries: 4, backoffMs: 100, maxBackoffMs: 2000 },
  });
  // The backend holds the first attempt past the client's deadline, within the proxy's.
  await fault({ fault: 'delay', delay_ms: 1000, count: 1, path: '/status/text' });
  const result = await client.publishText({ text: 'Retried safely.' });
  const items = await published();
  assert.equal(items.length, 1, 'published once');
  assert.equal(result.messageId, items[0].message_id);
});

test('without retryPublish, a timed-out publish is not retried and says so', async () => {
  const client = new WutsClient({ baseUrl: EDGE, token: TOKENS.idem, timeoutMs: 300 });
  await fault({ fault: 'delay', delay_ms: 800, count: 1, path: '/status/text' });
  await assert.rejects(client.publishText({ text: 'Once.' }), (err) => {
    assert.ok(err instanceof WutsError);
    assert.equal(err.code, 'timeout');
    assert.equal(err.retryable, false, 'the status may be out: not safe to send blindly');
    return true;
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal((await published()).length, 1);
});

test('the same key sent again by the caller gets the first answer', async () => {
  const client = new WutsClient({ baseUrl: EDGE, token: TOKENS.idem });
  const key = crypto.randomUUID();
  const first = await client.publishText({ text: 'Mine.' }, { idempotencyKey: key });
  const again = await client.publishText({ text: 'Mine.' }, { idempotencyKey: key });
  assert.equal(again.messageId, first.messageId);
  assert.equal((await published()).length, 1);
  await assert.rejects(client.publishText({ text: 'Not mine.' }, { idempotencyKey: key }), { code: 'idempotency_key_mismatch', status: 422 });
});
