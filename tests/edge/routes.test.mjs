// Routes: every endpoint, 404, 405 with Allow, the health check, request ids, forwarding.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ROUTES, TOKENS, assertCommonHeaders, assertError, call, published, reset } from './helpers.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

before(reset);

test('GET /healthz answers without a token', async () => {
  const res = await call('/healthz', { method: 'GET' });
  assert.equal(res.status, 200);
  assert.equal(res.json.success, true);
  assertCommonHeaders(res);
});

test('each endpoint forwards a valid request and passes the success body through', async () => {
  await reset();
  for (const route of ROUTES) {
    const res = await call(route.path, { method: route.method, token: TOKENS.main, body: route.body });
    assert.equal(res.status, 200, `${route.path}: ${res.text}`);
    assert.equal(res.json.success, true);
    assertCommonHeaders(res);
  }
  const items = await published();
  assert.deepEqual(items.map((i) => i.body), ROUTES.map((r) => r.body), 'the backend holds each body once, in order');
  assert.equal(items.length, 3);
  assert.ok(items.every((i) => i.token === TOKENS.main), 'the caller token reaches the backend');
});

test('unknown paths are 404 envelopes, with or without a token', async () => {
  for (const path of ['/', '/status', '/status/text/', '/status/TEXT', '/STATUS/text', '/status/video', '/_local/published']) {
    assertError(await call(path, { method: 'GET' }), 'not_found');
    assertError(await call(path, { token: TOKENS.main, body: { text: 'x' } }), 'not_found');
  }
});

test('a known path under another method is 405 with Allow', async () => {
  const cases = [
    ['/status/text', 'GET', 'POST, OPTIONS'], ['/status/text', 'PUT', 'POST, OPTIONS'],
    ['/status/text', 'DELETE', 'POST, OPTIONS'], ['/status/media', 'PATCH', 'POST, OPTIONS'],
    ['/status/privacy', 'POST', 'PUT, OPTIONS'], ['/status/privacy', 'GET', 'PUT, OPTIONS'],
    ['/healthz', 'POST', 'GET, OPTIONS'],
  ];
  for (const [path, method, allow] of cases) {
    const res = await call(path, { method, token: TOKENS.main });
    assertError(res, 'method_not_allowed');
    assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
  }
});

test('OPTIONS without Origin lists the methods', async () => {
  const res = await call('/status/privacy', { method: 'OPTIONS' });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('allow'), 'PUT, OPTIONS');
});

test('a sane X-Request-Id is echoed and forwarded; anything else is replaced by a UUID', async () => {
  await reset();
  const sane = 'req-42_abc.def:1';
  let res = await publish({ 'x-request-id': sane });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('x-request-id'), sane);
  let items = await published();
  assert.equal(items.at(-1).request_id, sane);

  for (const insane of ['has space', 'x'.repeat(200), '<script>', 'a"b']) {
    res = await publish({ 'x-request-id': insane });
    assert.match(res.headers.get('x-request-id'), UUID, JSON.stringify(insane));
  }
  res = await publish({});
  const id = res.headers.get('x-request-id');
  assert.match(id, UUID);
  items = await published();
  assert.equal(items.at(-1).request_id, id, 'the generated id reaches the backend');
});

function publish(headers) {
  return call('/status/text', { token: TOKENS.main, body: { text: 'id test' }, headers });
}

test('GET /openapi.yaml serves the description kept in the repository', async () => {
  const { readFile } = await import('node:fs/promises');
  const spec = await readFile(new URL('../../openapi/openapi.yaml', import.meta.url), 'utf8');
  const res = await call('/openapi.yaml', { method: 'GET' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/yaml/);
  assert.equal(res.text, spec);
  assertCommonHeaders(res);
});

test('a method the proxy does not know is 405, not read as another method', async () => {
  for (const [path, method, allow] of [['/healthz', 'QUERY', 'GET, OPTIONS'], ['/status/text', 'PATCH', 'POST, OPTIONS']]) {
    const res = await call(path, { method, token: TOKENS.main });
    assertError(res, 'method_not_allowed');
    assert.equal(res.headers.get('allow'), allow);
  }
});
