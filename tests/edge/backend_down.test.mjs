// With the backend stopped (scripts/test/edge.sh stops wuts-local first): valid requests get
// 502 bad_gateway, promptly; everything the edge decides alone still works.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTES, TOKENS, assertError, call } from './helpers.mjs';

test('an unreachable backend is 502 on every route, without waiting for the deadline', { skip: !process.env.EDGE_BACKEND_DOWN }, async () => {
  for (const route of ROUTES) {
    const started = Date.now();
    const res = await call(route.path, { method: route.method, token: TOKENS.down, body: route.body });
    assertError(res, 'bad_gateway');
    assert.ok(Date.now() - started < 1500, 'refused connections fail fast');
  }
  assert.equal((await call('/healthz', { method: 'GET' })).status, 200);
  assertError(await call('/status/text', { token: TOKENS.down, body: { text: '' } }), 'invalid_request');
  assertError(await call('/status/text', { body: { text: 'x' } }), 'unauthorized');
});

test('a keyed publish the backend never got releases its key: the retry is forwarded again', { skip: !process.env.EDGE_BACKEND_DOWN }, async () => {
  const headers = { 'idempotency-key': crypto.randomUUID() };
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await call('/status/text', { token: TOKENS.down, body: { text: 'Nobody home.' }, headers });
    assertError(res, 'bad_gateway');
    assert.equal(res.headers.get('idempotency-replayed'), null, 'not a stored answer');
  }
});
