// The SSRF corpus: media URLs naming internal hosts (in every spelling) are refused at the edge
// with `internal_host` on `url`, and never reach the backend, which would download them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOKENS, assertError, call, fixture, pool, published, reset } from './helpers.mjs';

test('fixtures/media_urls.json through POST /status/media', async () => {
  const cases = fixture('media_urls').cases;
  assert.ok(cases.filter((c) => c.expect === 'internal_host').length >= 20, 'the corpus has internal hosts');
  await reset();
  const results = await pool(cases.map((c) => () =>
    call('/status/media', { token: TOKENS.corpus, body: { url: c.url, media_type: 'image' } })), 8);
  const accepted = [];
  cases.forEach((c, i) => {
    const res = results[i];
    if (c.expect === 'ok') {
      assert.equal(res.status, 200, `${c.url}: ${res.text}`);
      accepted.push(c.url);
    } else {
      assertError(res, 'invalid_request');
      const codes = res.json.error.details.filter((d) => d.field === 'url').map((d) => d.code);
      assert.deepEqual(codes, [c.expect], `${c.url}: ${res.text}`);
    }
  });
  const items = await published();
  assert.deepEqual(items.map((i) => i.body.url).sort(), accepted.sort(), 'only the public URLs reached the backend');
});
