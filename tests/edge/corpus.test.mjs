// The shared fixture corpus through the proxy: each valid request reaches the backend once, in
// its normalized form; each invalid one gets 400 listing exactly the expected problems, and
// the backend receives nothing. Cases with `limits` need other media limits and are skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTES, TOKENS, assertError, call, fixture, fixtureExact, published, reset } from './helpers.mjs';

const pairs = (problems) => problems.map((p) => `${p.field}:${p.code}`).sort();

for (const route of ROUTES) {
  test(`fixtures/${route.endpoint}.json through ${route.method} ${route.path}`, async () => {
    const exact = fixtureExact(route.endpoint).cases.filter((c) => !c.limits);
    const cases = fixture(route.endpoint).cases.filter((c) => !c.limits);
    assert.ok(cases.length > 0);
    await reset();
    const expected = [];
    for (const [i, c] of cases.entries()) {
      const raw = 'raw' in c ? c.raw : JSON.stringify(exact[i].body);
      const res = await call(route.path, {
        method: route.method, token: TOKENS.corpus, raw, headers: { 'content-type': 'application/json' },
      });
      if (c.valid) {
        assert.equal(res.status, 200, `${c.name}: ${res.text}`);
        expected.push({ name: c.name, body: c.normalized ?? c.body });
      } else {
        assertError(res, 'invalid_request');
        assert.deepEqual(pairs(res.json.error.details ?? []), pairs(c.problems), c.name);
        for (const p of c.problems.filter((p) => p.message_contains)) {
          const got = res.json.error.details.find((d) => d.field === p.field && d.code === p.code);
          assert.ok(got.message.includes(p.message_contains), `${c.name}: ${got.message}`);
        }
      }
    }
    const items = await published();
    assert.equal(items.length, expected.length, 'the backend holds the valid requests and nothing else');
    items.forEach((item, i) => assert.deepEqual(item.body, expected[i].body, expected[i].name));
  });
}
