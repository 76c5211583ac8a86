// The Worker's log: one JSON line per request with id, route, status, duration and tenant;
// no token anywhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TOKENS, call } from './helpers.mjs';

test('one structured line per request, without secrets', async () => {
  await call('/no/such/path', { method: 'GET' });
  await call('/status/text', { token: TOKENS.main, body: { text: '' } });
  const id = `log-check-${Date.now()}`;
  const res = await call('/status/text', { token: TOKENS.main, body: { text: 'log me' }, headers: { 'x-request-id': id } });
  assert.equal(res.status, 200);
  await new Promise((r) => setTimeout(r, 500));
  const log = readFileSync(process.env.EDGE_LOG, 'utf8');
  const lines = log.split('\n').filter((l) => l.startsWith('{"request_id"')).map((l) => JSON.parse(l));
  assert.ok(lines.length >= 3, `${lines.length} lines`);
  const mine = lines.filter((l) => l.request_id === id);
  assert.equal(mine.length, 1);
  assert.deepEqual(
    { ...mine[0], duration_ms: typeof mine[0].duration_ms, wasm_memory_bytes: mine[0].wasm_memory_bytes % 65536 },
    { request_id: id, method: 'POST', route: '/status/text', status: 200, tenant: 'acme', backend_status: 200, duration_ms: 'number', wasm_memory_bytes: 0 },
  );
  assert.ok(mine[0].wasm_memory_bytes > 0, 'wasm memory is whole pages, and some');
  for (const l of lines) {
    assert.ok(l.request_id && l.route && l.status && 'tenant' in l && Number.isFinite(l.duration_ms), JSON.stringify(l));
  }
  assert.ok(lines.some((l) => l.route === 'unmatched' && l.status === 404));
  for (const token of [...Object.values(TOKENS).flat()]) {
    assert.ok(!log.toLowerCase().includes(token.toLowerCase()), 'a token was logged');
  }
});
