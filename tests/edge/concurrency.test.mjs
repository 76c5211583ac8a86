// 2,000 publishes at 50 in flight: every one is accepted, and afterwards the backend holds
// each exactly once and nothing else (no retry, no duplicate, no loss).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOKENS, call, pool, published, reset } from './helpers.mjs';

const TOTAL = 2000;
const IN_FLIGHT = 50;

test(`${TOTAL} publishes at ${IN_FLIGHT} in flight`, async () => {
  await reset();
  // One token per lane keeps each token far below its rate limit.
  const jobs = Array.from({ length: TOTAL }, (_, i) => () =>
    call('/status/text', { token: TOKENS.lanes[i % IN_FLIGHT], body: { text: `concurrent publish ${i}` } }));
  const started = Date.now();
  const results = await pool(jobs, IN_FLIGHT);
  const seconds = (Date.now() - started) / 1000;
  const statuses = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  console.log(`# ${TOTAL} publishes in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s): ${JSON.stringify(statuses)}`);
  assert.deepEqual(statuses, { 200: TOTAL });

  const items = await published();
  const texts = items.map((i) => i.body.text);
  assert.equal(items.length, TOTAL, 'the backend holds exactly the accepted publishes');
  assert.equal(new Set(texts).size, TOTAL, 'each once');
  for (let i = 0; i < TOTAL; i++) assert.ok(texts.includes(`concurrent publish ${i}`));
  const ids = new Set(results.map((r) => r.headers.get('x-request-id')));
  assert.equal(ids.size, TOTAL, 'every request had its own id');
  assert.deepEqual(new Set(items.map((i) => i.request_id)), ids, 'and the backend saw the same ids');
});
