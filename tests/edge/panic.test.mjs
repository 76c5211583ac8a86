// A panic in one request must not poison the isolate: the requests after it work. The panic
// route exists only because scripts/test/edge.sh builds the Worker with the cargo feature
// `edge-test`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOKENS, call, published, reset } from './helpers.mjs';

test('after a panic the next requests are served normally', async () => {
  await reset();
  for (let round = 0; round < 3; round++) {
    const res = await call('/_edge/panic', { method: 'POST' });
    // panic=abort ends the request in the runtime, which answers 500 itself.
    assert.equal(res.status, 500, res.text);
    const health = await call('/healthz', { method: 'GET' });
    assert.equal(health.status, 200, `round ${round}: ${health.text}`);
    const ok = await call('/status/text', { token: TOKENS.panic, body: { text: `after panic ${round}` } });
    assert.equal(ok.status, 200, `round ${round}: ${ok.text}`);
    const bad = await call('/status/text', { token: TOKENS.panic, body: { text: '' } });
    assert.equal(bad.status, 400);
  }
  assert.equal((await published()).length, 3);
});
