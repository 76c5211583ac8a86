// Tokens: 401 for missing or malformed (with WWW-Authenticate), 403 for unknown or revoked,
// and a token never comes back in an answer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ROUTES, TOKENS, assertError, call, fixture, published, reset } from './helpers.mjs';

const text = { text: 'auth test' };

async function withAuthorization(value, body = text) {
  const headers = value === null ? {} : { authorization: value };
  return call('/status/text', { headers, body });
}

test('the token fixtures: missing and malformed are 401 with a challenge, well-formed unknown is 403', async () => {
  const cases = fixture('tokens').cases.filter((c) => 'authorization' in c);
  assert.ok(cases.length > 10);
  for (const c of cases) {
    const res = await withAuthorization(c.authorization);
    if (c.expect === 'ok') {
      // Well formed, but not a token this proxy knows.
      assertError(res, 'forbidden');
      assert.equal(res.headers.get('www-authenticate'), null);
    } else {
      assertError(res, 'unauthorized');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm=/, c.name);
    }
    const sent = c.authorization?.trim().split(/\s+/).pop() ?? '';
    if (/[0-9a-f]{8}/i.test(sent)) assert.ok(!res.text.includes(sent), `${c.name}: echoed`);
  }
});

test('every API route asks for a token before anything else', async () => {
  for (const route of ROUTES) {
    // An invalid body and a wrong content type still get 401: nothing is read before the token.
    const res = await call(route.path, { method: route.method, raw: 'nonsense', headers: { 'content-type': 'text/plain' } });
    assertError(res, 'unauthorized');
  }
});

test('unknown and revoked tokens are 403, and neither is echoed', async () => {
  await reset();
  for (const token of [TOKENS.unknown, TOKENS.revoked, TOKENS.revoked.toUpperCase()]) {
    const res = await call('/status/text', { token, body: text });
    assertError(res, 'forbidden');
    assert.ok(!res.text.toLowerCase().includes(token.toLowerCase()));
    assert.ok(![...res.headers.values()].some((v) => v.toLowerCase().includes(token.toLowerCase())));
  }
  assert.equal((await published()).length, 0, 'nothing reached the backend');
});

test('known tokens work in either case, including one added with edge-token.mjs add', async () => {
  const added = readFileSync(process.env.EDGE_ADDED_TOKEN_FILE, 'utf8').trim();
  for (const token of [TOKENS.main, TOKENS.main.toUpperCase(), TOKENS.upper, TOKENS.upper.toLowerCase(), added]) {
    const res = await call('/status/text', { token, body: text });
    assert.equal(res.status, 200, res.text);
  }
});
