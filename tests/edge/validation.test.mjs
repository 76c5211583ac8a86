// Validation at the edge: 415 for non-JSON content types, 400 with every problem, and nothing
// invalid reaches the backend.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTES, TOKENS, assertError, call, published, reset } from './helpers.mjs';

test('a body not declared as JSON is 415', async () => {
  await reset();
  for (const route of ROUTES) {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/json-patch+json', 'multipart/form-data; boundary=x']) {
      const headers = type ? { 'content-type': type } : {};
      const res = await call(route.path, { method: route.method, token: TOKENS.main, raw: JSON.stringify(route.body), headers });
      assertError(res, 'unsupported_media_type');
    }
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      const res = await call(route.path, { method: route.method, token: TOKENS.main, body: route.body, headers: { 'content-type': type } });
      assert.equal(res.status, 200, `${type}: ${res.text}`);
    }
  }
  assert.equal((await published()).length, ROUTES.length * 2);
});

test('every problem of a request is listed, and the backend receives nothing', async () => {
  await reset();
  const res = await call('/status/text', { token: TOKENS.main, body: { text: '', background_color: 'green', font: 3, extra: 1 } });
  assertError(res, 'invalid_request');
  const fields = res.json.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['background_color', 'extra', 'font', 'text']);
  for (const d of res.json.error.details) assert.equal(typeof d.message, 'string');

  for (const raw of ['', 'text=hi', '{"text": "hi",}', '[]', 'null']) {
    assertError(await call('/status/text', { token: TOKENS.main, raw, headers: { 'content-type': 'application/json' } }), 'invalid_request');
  }
  assert.equal((await published()).length, 0);
});
