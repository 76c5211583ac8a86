// The per-token rate limit: the budget of one token is spent, the next call is 429 with
// Retry-After, and other tokens are unaffected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RATE_LIMIT, TOKENS, assertError, call, pool } from './helpers.mjs';

test('a token over its budget gets 429 with Retry-After; others do not', async () => {
  // Windows are aligned to the clock: start early in one so the whole run fits inside it.
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 200));
  // Invalid bodies are cheap (no backend call) and count like any other request.
  const spend = () => call('/status/text', { token: TOKENS.ratelimit, body: {} });
  const results = await pool(Array.from({ length: RATE_LIMIT }, () => spend), 20);
  assert.deepEqual([...new Set(results.map((r) => r.status))], [400], 'the budget itself is not limited');

  const res = await spend();
  assertError(res, 'rate_limited');
  const retry = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${res.headers.get('retry-after')}`);
  assert.match(res.headers.get('access-control-expose-headers') ?? 'retry-after', /retry-after/);

  const other = await call('/status/text', { token: TOKENS.main, body: { text: 'not limited' } });
  assert.equal(other.status, 200);
});
