// The largest media the contract allows, through the proxy with its default limits: the
// body is held once in wasm memory, so after a 16 MiB video (22 MB of JSON) the Worker's
// linear memory stays under the body plus a fixed margin, however many videos it has passed;
// and the backend receives the data as sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TOKENS, published, reset } from './helpers.mjs';

const BIG = process.env.EDGE_BIG_URL;
const MIB = 1024 * 1024;
/** What the Worker may hold besides the body: its 1 MiB stack, its data and a small heap. */
const MARGIN = 2 * MIB;

/** A 16 MiB MP4 (an `ftyp isom` box, then bytes that do not repeat), as base64. */
function video() {
  const bytes = Buffer.alloc(16 * MIB);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]).copy(bytes);
  return bytes.toString('base64');
}

function logLine(requestId) {
  const lines = readFileSync(process.env.EDGE_BIG_LOG, 'utf8').split('\n').filter((l) => l.startsWith('{"request_id"'));
  return lines.map((l) => JSON.parse(l)).find((l) => l.request_id === requestId);
}

test('a 16 MiB video passes with wasm memory under the body plus 2 MiB, data unchanged', async () => {
  await reset();
  const data = video();
  const body = JSON.stringify({ mime_type: 'VIDEO/MP4', data, caption: 'the largest video' });
  for (let round = 0; round < 3; round++) {
    const id = `memory-${round}-${Date.now()}`;
    const res = await fetch(`${BIG}/status/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.main}`, 'content-type': 'application/json', 'x-request-id': id },
      body,
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    await new Promise((r) => setTimeout(r, 200));
    const line = logLine(id);
    assert.ok(line, `a log line for ${id}`);
    assert.ok(line.wasm_memory_bytes <= body.length + MARGIN,
      `round ${round}: wasm memory ${line.wasm_memory_bytes} bytes for a body of ${body.length}`);
  }
  const items = (await published()).filter((item) => item.body?.caption === 'the largest video');
  assert.equal(items.length, 3);
  for (const item of items) {
    assert.equal(item.body.data.length, data.length);
    assert.ok(item.body.data === data, 'the backend received the data as sent');
    assert.equal(item.body.mime_type, 'video/mp4', 'the mime type normalized');
  }
});

test('a 16 MiB video scheduled: the data is held once in wasm memory, and waits in R2', async () => {
  const data = video();
  const at = new Date(Date.now() + 3600 * 1000).toISOString();
  const body = JSON.stringify({ request: 'media', status: { mime_type: 'video/mp4', data, caption: 'a scheduled video' }, at });
  const id = `memory-schedule-${Date.now()}`;
  const headers = { authorization: `Bearer ${TOKENS.main}`, 'content-type': 'application/json', 'x-request-id': id };
  const res = await fetch(`${BIG}/schedules`, { method: 'POST', headers, body });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  await new Promise((r) => setTimeout(r, 200));
  const line = logLine(id);
  assert.ok(line, `a log line for ${id}`);
  assert.ok(line.wasm_memory_bytes <= body.length + MARGIN,
    `wasm memory ${line.wasm_memory_bytes} bytes for a body of ${body.length}`);
  const { schedule } = JSON.parse(text);
  const cancelled = await fetch(`${BIG}/schedules/${schedule.id}`, { method: 'DELETE', headers: { authorization: headers.authorization } });
  assert.equal(cancelled.status, 200);
});
