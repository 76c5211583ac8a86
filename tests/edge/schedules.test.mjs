// Scheduled statuses (POST/GET/DELETE /schedules): each test runs a Worker of its own under
// workerd (the Miniflare API, as tests/edge/serve.mjs) with a local R2 bucket and Durable
// Object storage in a directory of its own, files its tokens in its token store, and watches
// what wuts-local (the shared one, or one the test starts) receives.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { LOCAL, assertCommonHeaders, assertError, fault, published, reset } from './helpers.mjs';
import { workerOptions } from './worker.mjs';

const SECRET = 'edge-tests-schedule-secret';
const running = new Set();
const dirs = [];
after(async () => {
  for (const stop of running) await stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => reset());

const digest = (token) => createHash('sha256').update(token.toLowerCase()).digest('hex');

/** A Worker of its own over `persist` (a fresh directory unless given), with `vars`. */
async function worker({ vars = {}, persist } = {}) {
  const dir = persist ?? mkdtempSync(join(tmpdir(), 'wuts-schedules-'));
  if (!persist) dirs.push(dir);
  const mf = new Miniflare(convertV4MiniflareOptions({
    host: '127.0.0.1',
    port: 0,
    resourcePersistencePath: dir,
    workers: [workerOptions({
      name: 'wuts-status-edge-schedules',
      kvId: 'wuts-tokens-schedules-test',
      vars: { WUTS_BACKEND_URL: LOCAL, WUTS_BACKEND_TIMEOUT_MS: '1500', WUTS_SCHEDULE_SECRET: SECRET, ...vars },
    })],
  }));
  const stop = () => mf.dispose();
  running.add(stop);
  const url = await mf.ready;
  const kv = await mf.getKVNamespace('WUTS_TOKENS');
  const file = (token, revoked = false) =>
    kv.put(digest(token), JSON.stringify({ tenant: 'schedules', sha256: digest(token), revoked }));
  const call = async (path, { method = 'GET', token, body, headers = {} } = {}) => {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(new URL(path, url), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json };
  };
  const bucket = () => mf.getR2Bucket('WUTS_MEDIA');
  return {
    mf, dir, file, call, bucket,
    stop: async () => { running.delete(stop); await stop(); },
  };
}

/** A token filed in `w`'s store. */
async function tokenOf(w) {
  const token = randomUUID();
  await w.file(token);
  return token;
}

/** An image as WUTS takes it (a PNG's signature and header, then 300 KB), in base64. */
const image = () => Buffer.concat([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAE=', 'base64'), randomBytes(300 * 1024)]).toString('base64');

const inSeconds = (s) => new Date(Date.now() + s * 1000).toISOString();

/** What wuts-local received with `token`, once `count` items have come or `ms` have passed. */
async function receivedBy(token, { count = 1, ms = 20000, base = LOCAL } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    // A backend that is not up yet has received nothing.
    const items = await fetch(`${base}/_local/published`).then((res) => res.json())
      .then((got) => got.items.filter((i) => i.token.toLowerCase() === token.toLowerCase()), () => []);
    if (items.length >= count || Date.now() > deadline) return items;
    await sleep(250);
  }
}

test('a schedule a few seconds ahead publishes once, with its key, and records the run', async () => {
  const w = await worker();
  const token = await tokenOf(w);
  const at = inSeconds(3);
  const created = await w.call('/schedules', {
    method: 'POST', token, headers: { 'idempotency-key': randomUUID() },
    body: { request: 'text', status: { text: 'We are open today from 9am to 6pm.', font: 2 }, at },
  });
  assert.equal(created.status, 201, created.text);
  assertCommonHeaders(created);
  const { schedule } = created.json;
  assert.match(schedule.id, /^s_[a-z2-7]{20}$/);
  assert.equal(schedule.request, 'text');
  assert.equal(schedule.state, 'active');
  assert.equal(schedule.at, at);
  assert.equal(Date.parse(schedule.next_run), Date.parse(at));
  assert.deepEqual(schedule.runs, []);
  assert.equal(schedule.status, undefined, 'the status is not echoed back');

  const items = await receivedBy(token);
  assert.equal(items.length, 1);
  assert.deepEqual(items[0].body, { text: 'We are open today from 9am to 6pm.', font: 2 });
  assert.ok(Date.now() >= Date.parse(at) - 50, 'not before its time');
  assert.equal(items[0].idempotency_key, undefined);
  await sleep(1500);
  assert.equal((await receivedBy(token, { ms: 0 })).length, 1, 'published once');

  const read = await w.call(`/schedules/${schedule.id}`, { token });
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.schedule.state, 'ended');
  assert.equal(read.json.schedule.next_run, null);
  assert.deepEqual(read.json.schedule.runs.map((r) => [r.outcome, r.message_id]), [['published', items[0].message_id]]);
  assert.equal(Date.parse(read.json.schedule.runs[0].at), Date.parse(at));
  await w.stop();
});

test('Idempotency-Key on POST /schedules: one schedule per key; another body is 422', async () => {
  const w = await worker();
  const token = await tokenOf(w);
  const key = randomUUID();
  const body = { request: 'text', status: { text: 'Once.' }, at: inSeconds(600) };
  const first = await w.call('/schedules', { method: 'POST', token, body, headers: { 'idempotency-key': key } });
  const again = await w.call('/schedules', { method: 'POST', token, body, headers: { 'idempotency-key': key } });
  assert.equal(first.status, 201, first.text);
  assert.equal(again.status, 201, again.text);
  assert.equal(again.headers.get('idempotency-replayed'), 'true');
  assert.equal(again.json.schedule.id, first.json.schedule.id);
  const other = await w.call('/schedules', {
    method: 'POST', token, headers: { 'idempotency-key': key }, body: { ...body, status: { text: 'Twice.' } },
  });
  assertError(other, 'idempotency_key_mismatch');
  const list = await w.call('/schedules', { token });
  assert.equal(list.json.schedules.length, 1);
  await w.stop();
});

test('cancelled before its time, a schedule publishes nothing; cancelling again answers it as it is', async () => {
  const w = await worker();
  const token = await tokenOf(w);
  const created = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'Never.' }, at: inSeconds(3) } });
  const { id } = created.json.schedule;
  const cancelled = await w.call(`/schedules/${id}`, { method: 'DELETE', token });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.schedule.state, 'cancelled');
  assert.equal(cancelled.json.schedule.next_run, null);
  await sleep(4500);
  assert.equal((await receivedBy(token, { ms: 0 })).length, 0);
  const again = await w.call(`/schedules/${id}`, { method: 'DELETE', token });
  assert.equal(again.status, 200);
  assert.equal(again.json.schedule.state, 'cancelled');
  assert.deepEqual(again.json.schedule.runs, []);
  await w.stop();
});

test('device_disconnected at the run is tried again and published once', async () => {
  const w = await worker();
  const token = await tokenOf(w);
  await fault({ fault: 'device_disconnected', count: 1, path: '/status/text' });
  const created = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'Retry me.' }, at: inSeconds(2) } });
  assert.equal(created.status, 201, created.text);
  const items = await receivedBy(token, { ms: 25000 });
  assert.equal(items.length, 1);
  await sleep(1000);
  const read = await w.call(`/schedules/${created.json.schedule.id}`, { token });
  assert.deepEqual(read.json.schedule.runs.map((r) => r.outcome), ['published']);
  assert.equal((await receivedBy(token, { ms: 0 })).length, 1);
  await w.stop();
});

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

test('the backend down at the run: tried again until it is back, and published once', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const w = await worker({ vars: { WUTS_BACKEND_URL: base } });
  const token = await tokenOf(w);
  const created = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'Backend down.' }, at: inSeconds(1) } });
  assert.equal(created.status, 201, created.text);
  // The first attempt finds nothing listening; the backend comes up before the next.
  await sleep(2500);
  const local = spawn(process.env.EDGE_LOCAL_BIN, ['--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  try {
    const items = await receivedBy(token, { ms: 25000, base });
    assert.equal(items.length, 1);
    await sleep(1000);
    assert.equal((await receivedBy(token, { ms: 0, base })).length, 1);
    const read = await w.call(`/schedules/${created.json.schedule.id}`, { token });
    assert.deepEqual(read.json.schedule.runs.map((r) => [r.outcome, r.message_id]), [['published', items[0].message_id]]);
  } finally {
    local.kill('SIGTERM');
    await w.stop();
  }
});

test('an alarm delivered twice publishes once: the run meets its key', async () => {
  const w = await worker();
  const token = await tokenOf(w);
  // Daily, two hours from now: its first run is made now by the test route, then again.
  const later = new Date(Date.now() + 2 * 3600 * 1000);
  const time = `${String(later.getUTCHours()).padStart(2, '0')}:${String(later.getUTCMinutes()).padStart(2, '0')}`;
  const created = await w.call('/schedules', {
    method: 'POST', token, body: { request: 'text', status: { text: 'Every day.' }, repeat: { every: 'day', time, time_zone: 'UTC' } },
  });
  assert.equal(created.status, 201, created.text);
  const { id, next_run: first } = created.json.schedule;
  const fire = () => w.call('/_edge/fire-run', { method: 'POST', token, headers: { 'x-schedule': id, 'x-at': String(Date.parse(first)) } });
  const once = await fire();
  assert.equal(once.status, 200, once.text);
  assert.deepEqual(once.json.schedule.runs.map((r) => r.outcome), ['published']);
  assert.equal(Date.parse(once.json.schedule.next_run), Date.parse(first) + 86400000, 'the next day');
  const twice = await fire();
  assert.equal(twice.status, 200, twice.text);
  const items = await receivedBy(token, { ms: 0 });
  assert.equal(items.length, 1, 'the second delivery was answered from the key');
  assert.deepEqual(twice.json.schedule.runs.map((r) => [r.outcome, r.message_id]), [['published', items[0].message_id]]);
  await w.stop();
});

test('workerd stopped and started again on the same storage still makes the run', async () => {
  const first = await worker();
  const token = await tokenOf(first);
  const created = await first.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'After a restart.' }, at: inSeconds(4) } });
  assert.equal(created.status, 201, created.text);
  await first.stop();
  await sleep(1000);
  const second = await worker({ persist: first.dir });
  const items = await receivedBy(token, { ms: 25000 });
  assert.equal(items.length, 1);
  await sleep(1000);
  assert.equal((await receivedBy(token, { ms: 0 })).length, 1);
  const read = await second.call(`/schedules/${created.json.schedule.id}`, { token });
  assert.deepEqual(read.json.schedule.runs.map((r) => r.outcome), ['published']);
  await second.stop();
});

test("a revoked token's run is refused and recorded, and its schedules end", async () => {
  const w = await worker();
  const token = await tokenOf(w);
  const soon = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'Revoked.' }, at: inSeconds(2) } });
  const later = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'Later.' }, at: inSeconds(3600) } });
  assert.equal(soon.status, 201, soon.text);
  assert.equal(later.status, 201, later.text);
  await w.file(token, true);
  await sleep(4000);
  assert.equal((await receivedBy(token, { ms: 0 })).length, 0);
  // Filed again, the token reads what happened.
  await w.file(token, false);
  const read = await w.call(`/schedules/${soon.json.schedule.id}`, { token });
  assert.equal(read.json.schedule.state, 'ended');
  assert.deepEqual(read.json.schedule.runs.map((r) => [r.outcome, r.error?.code]), [['refused', 'forbidden']]);
  const other = await w.call(`/schedules/${later.json.schedule.id}`, { token });
  assert.equal(other.json.schedule.state, 'ended');
  await w.stop();
});

test('a scheduled image arrives byte for byte, and its R2 object is gone afterwards', async () => {
  const w = await worker();
  const token = await tokenOf(w);
  const data = image();
  const created = await w.call('/schedules', {
    method: 'POST', token, body: { request: 'media', status: { data, mime_type: 'image/png', caption: 'Menu' }, at: inSeconds(3) },
  });
  assert.equal(created.status, 201, created.text);
  const kept = await (await w.bucket()).list();
  assert.deepEqual(kept.objects.map((o) => o.key), [`${digest(token)}/${created.json.schedule.id}`]);
  const items = await receivedBy(token);
  assert.equal(items.length, 1);
  assert.equal(items[0].body.data, data);
  assert.equal(items[0].body.caption, 'Menu');
  await sleep(500);
  assert.deepEqual((await (await w.bucket()).list()).objects, []);
  await w.stop();
});

test('a cancelled media schedule leaves nothing in R2', async () => {
  const w = await worker();
  const token = await tokenOf(w);
  const data = image();
  const created = await w.call('/schedules', {
    method: 'POST', token, body: { request: 'media', status: { data, mime_type: 'image/png' }, at: inSeconds(600) },
  });
  assert.equal((await (await w.bucket()).list()).objects.length, 1);
  await w.call(`/schedules/${created.json.schedule.id}`, { method: 'DELETE', token });
  assert.deepEqual((await (await w.bucket()).list()).objects, []);
  await w.stop();
});

test('bad schedules are refused with every problem named', async () => {
  const w = await worker({ vars: { WUTS_MAX_SCHEDULES: '2' } });
  const token = await tokenOf(w);
  const bad = await w.call('/schedules', {
    method: 'POST', token,
    body: { request: 'text', status: { text: '', background_color: 'green' }, repeat: { every: 'week', weekdays: [], time: '25:00', time_zone: 'Mars/Olympus' } },
  });
  assertError(bad, 'invalid_request');
  const fields = bad.json.error.details.map((d) => `${d.field}:${d.code}`);
  assert.deepEqual(fields, ['status.text:empty', 'status.background_color:invalid', 'repeat.weekdays:empty', 'repeat.time:invalid', 'repeat.time_zone:unsupported']);
  const past = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'Hi' }, at: '2020-01-01T09:00:00+01:00' } });
  assertError(past, 'invalid_request');
  assert.deepEqual(past.json.error.details.map((d) => [d.field, d.message]), [['at', 'is in the past']]);
  for (let i = 0; i < 2; i++) {
    const ok = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: `n${i}` }, at: inSeconds(900) } });
    assert.equal(ok.status, 201, ok.text);
  }
  const over = await w.call('/schedules', { method: 'POST', token, body: { request: 'text', status: { text: 'one more' }, at: inSeconds(900) } });
  assertError(over, 'invalid_request');
  assert.match(over.json.error.message, /WUTS_MAX_SCHEDULES/);
  await w.stop();
});

test('schedules are the caller\'s own: another token gets 404, and the list is per caller', async () => {
  const w = await worker();
  const [a, b] = [await tokenOf(w), await tokenOf(w)];
  const created = await w.call('/schedules', { method: 'POST', token: a, body: { request: 'text', status: { text: 'Mine.' }, at: inSeconds(900) } });
  const id = created.json.schedule.id;
  assertError(await w.call(`/schedules/${id}`, { token: b }), 'not_found');
  assertError(await w.call(`/schedules/${id}`, { method: 'DELETE', token: b }), 'not_found');
  assert.deepEqual((await w.call('/schedules', { token: b })).json, { success: true, schedules: [] });
  const list = await w.call('/schedules', { token: a });
  assert.deepEqual(list.json.schedules.map((s) => s.id), [id]);
  assertError(await w.call('/schedules', { token: randomUUID() }), 'forbidden');
  assertError(await w.call('/schedules'), 'unauthorized');
  await w.stop();
});

test('without WUTS_SCHEDULE_SECRET the schedule endpoints say which setting is missing', async () => {
  const w = await worker({ vars: { WUTS_SCHEDULE_SECRET: '' } });
  const token = await tokenOf(w);
  const res = await w.call('/schedules', { token });
  assertError(res, 'internal_error', 500);
  assert.match(res.json.error.message, /WUTS_SCHEDULE_SECRET/);
  await w.stop();
});
