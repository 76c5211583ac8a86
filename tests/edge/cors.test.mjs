// CORS: configured origins are echoed by name (never `*`, never with credentials), others get
// no grant; `Vary: Origin` always; preflight for allowed origins only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTES, TOKENS, assertCommonHeaders, assertError, call } from './helpers.mjs';

const ALLOWED = 'https://widget.example';
const REFUSED = ['https://evil.example', 'https://widget.example.evil.example', 'http://widget.example', 'null', 'https://WIDGET.example'];

test('an allowed origin gets its preflight, for the route method only', async () => {
  for (const route of ROUTES) {
    const res = await call(route.path, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': route.method, 'access-control-request-headers': 'authorization, content-type' },
    });
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(res.headers.get('access-control-allow-methods'), route.method);
    assert.match(res.headers.get('access-control-allow-headers'), /authorization/);
    assert.match(res.headers.get('access-control-allow-headers'), /content-type/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    assertCommonHeaders(res);

    const wrong = await call(route.path, { method: 'OPTIONS', headers: { origin: ALLOWED, 'access-control-request-method': 'DELETE' } });
    assertError(wrong, 'method_not_allowed');
  }
});

test('a refused origin gets no grant on preflight or on the call itself', async () => {
  for (const origin of REFUSED) {
    const pre = await call('/status/text', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    assertError(pre, 'forbidden');
    assert.equal(pre.headers.get('access-control-allow-origin'), null, origin);

    const res = await call('/status/text', { token: TOKENS.cors, body: { text: 'cors' }, headers: { origin } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null, origin);
    assert.match(res.headers.get('vary'), /Origin/);
  }
});

test('an allowed origin is granted on answers and errors alike, never as *', async () => {
  const ok = await call('/status/text', { token: TOKENS.cors, body: { text: 'cors' }, headers: { origin: ALLOWED } });
  assert.equal(ok.status, 200);
  const bad = await call('/status/text', { token: TOKENS.cors, body: { text: '' }, headers: { origin: ALLOWED } });
  assert.equal(bad.status, 400);
  const unauth = await call('/status/text', { body: { text: 'x' }, headers: { origin: ALLOWED } });
  assert.equal(unauth.status, 401);
  for (const res of [ok, bad, unauth]) {
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(res.headers.get('access-control-expose-headers'), /x-request-id/);
    assert.match(res.headers.get('vary'), /Origin/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
  }
  const none = await call('/status/text', { token: TOKENS.cors, body: { text: 'cors' } });
  assert.equal(none.headers.get('access-control-allow-origin'), null);
});
