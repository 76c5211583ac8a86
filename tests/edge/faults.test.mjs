// The backend's answers: every WUTS error passes through in both shapes with its status;
// garbage, a dropped connection and silence past the deadline become the proxy's own 502 and
// 504; nothing is retried.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { ROUTES, STATUS, TIMEOUT_MS, TOKENS, assertCommonHeaders, assertError, call, fault, published, reset } from './helpers.mjs';

const CODES = ['invalid_request', 'VALIDATION_ERROR', 'device_error', 'status_failed', 'device_disconnected', 'status_timeout'];

beforeEach(reset);

const send = (route) => call(route.path, { method: route.method, token: TOKENS.faults, body: route.body });

for (const shape of ['nested', 'flat']) {
  test(`every WUTS error passes through in the ${shape} shape, on every route`, async () => {
    for (const route of ROUTES) {
      for (const code of CODES) {
        await fault({ fault: code, shape, count: 1, path: route.path });
        const res = await send(route);
        assert.equal(res.status, STATUS[code], `${code} ${shape} ${route.path}: ${res.text}`);
        assert.equal(res.json.success, false);
        if (shape === 'nested') assert.equal(res.json.error.code, code);
        else {
          assert.equal(res.json.error_code, code);
          assert.equal(typeof res.json.error, 'string');
          assert.ok(res.json.timestamp);
        }
        assertCommonHeaders(res);
      }
    }
    assert.equal((await published()).length, 0, 'no fault was retried into a publish');
  });
}

test('an answer that is not an envelope is 502', async () => {
  await fault({ fault: 'non_json', count: 1 });
  const res = await send(ROUTES[0]);
  assertError(res, 'bad_gateway');
  assert.ok(!res.text.includes('<html>'), 'the garbage is not passed on');
});

test('a dropped connection is 502 and is not retried', async () => {
  await fault({ fault: 'drop', count: 1 });
  assertError(await send(ROUTES[0]), 'bad_gateway');
  // A retry would have found the fault used up and published.
  assert.equal((await published()).length, 0);
  assert.equal((await send(ROUTES[0])).status, 200);
});

test('no answer within the deadline is 504 status_timeout, on time', async () => {
  await fault({ fault: 'delay', delay_ms: TIMEOUT_MS + 2000, count: 1 });
  const started = Date.now();
  const res = await send(ROUTES[0]);
  const took = Date.now() - started;
  assertError(res, 'status_timeout');
  assert.ok(took >= TIMEOUT_MS - 100 && took < TIMEOUT_MS + 1500, `answered after ${took} ms`);
});

test('a slow answer inside the deadline passes', async () => {
  await fault({ fault: 'delay', delay_ms: Math.floor(TIMEOUT_MS / 3), count: 1 });
  assert.equal((await send(ROUTES[2])).status, 200);
});

test('a slow error past the deadline is still 504, and the next call is unaffected', async () => {
  await fault({ fault: 'status_failed', delay_ms: TIMEOUT_MS + 1000, count: 1 });
  assertError(await send(ROUTES[1]), 'status_timeout');
  assert.equal((await send(ROUTES[1])).status, 200);
});
