// Token records kept in the isolate (WUTS_TOKEN_CACHE_S): a revoked token is refused once the
// cache time has passed, a token added after a refusal works within seconds, and with the cache
// off a revocation counts at once. Each test runs a Worker of its own under workerd (the
// Miniflare API, as tests/edge/serve.mjs) whose token store this file writes while it runs.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { LOCAL, assertError } from './helpers.mjs';
import { workerOptions } from './worker.mjs';
const running = [];
after(async () => { for (const mf of running) await mf.dispose(); });

async function worker(vars) {
  const mf = new Miniflare(convertV4MiniflareOptions({
    host: '127.0.0.1',
    port: 0,
    workers: [workerOptions({
      name: 'wuts-status-edge-tokens',
      kvId: 'wuts-tokens-cache-test',
      vars: { WUTS_BACKEND_URL: LOCAL, ...vars },
    })],
  }));
  running.push(mf);
  const url = await mf.ready;
  const kv = await mf.getKVNamespace('WUTS_TOKENS');
  const digest = (token) => createHash('sha256').update(token.toLowerCase()).digest('hex');
  const file = (token, revoked) =>
    kv.put(digest(token), JSON.stringify({ tenant: 'cache', sha256: digest(token), revoked }));
  const publish = async (token) => {
    const res = await fetch(new URL('/status/text', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Token cache check.' }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
  };
  return { mf, file, publish };
}

test('a revoked token is refused once the cache time has passed', async () => {
  const { file, publish } = await worker({ WUTS_TOKEN_CACHE_S: '1' });
  const token = randomUUID();
  await file(token, false);
  assert.equal((await publish(token)).status, 200);
  await file(token, true);
  await sleep(1200);
  assertError(await publish(token), 'forbidden');
});

test('a record is kept for the cache time: a revocation within it is not yet seen', async () => {
  const { file, publish } = await worker({ WUTS_TOKEN_CACHE_S: '30' });
  const token = randomUUID();
  await file(token, false);
  assert.equal((await publish(token)).status, 200);
  await file(token, true);
  // Within 30 s of the read, the isolate answers from its copy without asking the store.
  assert.equal((await publish(token)).status, 200);
});

test('an unknown token is kept a few seconds only: once added, it works', async () => {
  const { file, publish } = await worker({ WUTS_TOKEN_CACHE_S: '30' });
  const token = randomUUID();
  const asked = Date.now();
  assertError(await publish(token), 'forbidden');
  await file(token, false);
  // The refusal is kept for 5 s at the most, whatever WUTS_TOKEN_CACHE_S says.
  let res;
  const started = Date.now();
  do {
    await sleep(250);
    res = await publish(token);
  } while (res.status === 403 && Date.now() - started < 8000);
  assert.equal(res.status, 200, res.text);
  // Refused until 5 s after the first request arrived: the store was not read again meanwhile.
  assert.ok(Date.now() - asked >= 4500, 'the refusal was kept, not read again each time');
});

test('with WUTS_TOKEN_CACHE_S=0 every request reads the store', async () => {
  const { file, publish } = await worker({ WUTS_TOKEN_CACHE_S: '0' });
  const token = randomUUID();
  assertError(await publish(token), 'forbidden');
  await file(token, false);
  assert.equal((await publish(token)).status, 200);
  await file(token, true);
  assertError(await publish(token), 'forbidden');
});
