// Body limits: over WUTS_MAX_BODY_BYTES is 413, from Content-Length before the body is read,
// and counted while reading a chunked body; at the limit the body is read and validated.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { EDGE, MAX_BODY, TOKENS, assertError, call, published, reset } from './helpers.mjs';

/**
 * A raw HTTP request, so a test controls the framing; resolves with the first answer, or with
 * `{ reset }` when the connection fails before one arrives. It settles on anything the socket
 * does, never waiting forever: a proxy that refuses a body early answers and closes the
 * connection with the rest of the body unread, and the peer's kernel may then reset it before
 * the answer is read (TCP discards what it had received), so both are possible outcomes.
 */
function rawRequest({ headers, write }) {
  return new Promise((resolve, reject) => {
    const url = new URL('/status/text', EDGE);
    let answered = false;
    const req = http.request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.limits}`, 'content-type': 'application/json', ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('error', reject);
      res.on('end', () => {
        answered = true;
        req.destroy();
        try {
          resolve({ status: res.statusCode, headers: new Headers(res.headers), text, json: JSON.parse(text) });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', (e) => { if (!answered) resolve({ reset: e.code ?? e.message }); });
    req.on('close', () => { if (!answered) resolve({ reset: 'closed' }); });
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    write(req);
  });
}

test('the proxy runs with the configured limit', () => {
  assert.ok(MAX_BODY > 0);
});

test('a declared Content-Length over the limit is refused before the body is sent', async () => {
  await reset();
  const started = Date.now();
  // Only the first bytes are ever sent: an answer proves the proxy did not wait for the rest.
  const res = await rawRequest({
    headers: { 'content-length': String(MAX_BODY + 1) },
    write: (req) => req.write('{"text": "'),
  });
  // Refused early either way: the 413, or the connection cut before the body was sent.
  if (!res.reset) assertError(res, 'payload_too_large');
  assert.ok(Date.now() - started < 5000);
  assert.equal((await published()).length, 0);
});

test('a chunked body is counted while it is read', async () => {
  const chunk = 'a'.repeat(64 * 1024);
  const res = await rawRequest({
    headers: { 'transfer-encoding': 'chunked' },
    write: (req) => {
      req.write('{"text": "');
      // Keep sending until the proxy answers; it must stop reading past the limit.
      let sent = 0;
      const pump = () => {
        if (req.destroyed || sent > MAX_BODY * 4) return req.end();
        sent += chunk.length;
        req.write(chunk, () => setImmediate(pump));
      };
      pump();
    },
  });
  // A proxy that did not count would read all 4 MiB and answer 400 (the JSON never ends);
  // one that counts answers 413, or cuts the connection while the body is still coming.
  if (!res.reset) assertError(res, 'payload_too_large');
  assert.equal((await published()).length, 0);
});

test('a fetch body over the limit is 413; one at the limit is read and validated', async () => {
  const over = await call('/status/text', { token: TOKENS.limits, raw: '{"text":"' + 'a'.repeat(MAX_BODY) + '"}', headers: { 'content-type': 'application/json' } });
  assertError(over, 'payload_too_large');
  const exact = '{"text":"' + 'a'.repeat(MAX_BODY - 11) + '"}';
  assert.equal(Buffer.byteLength(exact), MAX_BODY);
  const at = await call('/status/text', { token: TOKENS.limits, raw: exact, headers: { 'content-type': 'application/json' } });
  assertError(at, 'invalid_request');
  assert.equal(at.json.error.details[0].code, 'too_long');
  assert.equal((await published()).length, 0);
});
