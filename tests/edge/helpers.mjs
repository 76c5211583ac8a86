// Shared by the edge proxy's integration tests; scripts/test/edge.sh sets the environment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EDGE = process.env.EDGE_URL ?? 'http://127.0.0.1:18797';
export const LOCAL = process.env.LOCAL_URL ?? 'http://127.0.0.1:18798';
export const TOKENS = JSON.parse(readFileSync(process.env.EDGE_TOKENS_FILE, 'utf8'));
export const MAX_BODY = Number(process.env.EDGE_MAX_BODY);
export const RATE_LIMIT = Number(process.env.EDGE_RATE_LIMIT);
export const TIMEOUT_MS = Number(process.env.EDGE_TIMEOUT_MS);
export const FIXTURES = process.env.EDGE_FIXTURES;

/** Statuses of the contract's error codes (CONTRACT.md). */
export const STATUS = {
  invalid_request: 400, VALIDATION_ERROR: 400, unauthorized: 401, forbidden: 403, not_found: 404,
  method_not_allowed: 405, conflict: 409, idempotency_key_mismatch: 422, payload_too_large: 413, unsupported_media_type: 415, rate_limited: 429,
  device_error: 500, status_failed: 500, bad_gateway: 502, device_disconnected: 503, status_timeout: 504,
};

export const ROUTES = [
  { path: '/status/text', method: 'POST', endpoint: 'text', body: { text: 'We are open today from 9am to 6pm.' } },
  { path: '/status/media', method: 'POST', endpoint: 'media', body: { url: 'https://cdn.example.com/a.png', mime_type: 'image/png' } },
  { path: '/status/privacy', method: 'PUT', endpoint: 'privacy', body: { type: 'contacts' } },
];

export function fixture(name) {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

/**
 * A fixture whose numbers keep their source text when sent again (JSON.rawJSON), so that
 * `2^64 - 1` reaches the proxy as written, not rounded to a double.
 */
export function fixtureExact(name) {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'),
    (_key, value, context) => (typeof value === 'number' && context?.source ? JSON.rawJSON(context.source) : value));
}

/** A request to the proxy; `body` objects are sent as JSON with the JSON content type. */
export async function call(path, { method = 'POST', token, body, headers = {}, raw } = {}) {
  const h = { ...headers };
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  let payload = raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const res = await fetch(EDGE + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export function publish(token, text, extra = {}) {
  return call('/status/text', { token, body: { text }, ...extra });
}

/** Checks a proxy error: status, first envelope shape, code, and the headers every answer has. */
export function assertError(res, code, status = STATUS[code]) {
  assert.equal(res.status, status, `${code}: ${res.text}`);
  assert.equal(res.json?.success, false, res.text);
  assert.equal(res.json?.error?.code, code, res.text);
  assert.equal(typeof res.json.error.message, 'string');
  assertCommonHeaders(res);
}

export function assertCommonHeaders(res) {
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.match(res.headers.get('vary') ?? '', /Origin/);
  assert.ok(res.headers.get('x-request-id'), 'x-request-id is echoed');
}

// The backend's control endpoints (wuts-local).
export async function backend(path, body) {
  const res = await fetch(LOCAL + path, body === undefined
    ? {}
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  return res.json();
}
export const reset = () => backend('/_local/reset', {});
export const fault = (f) => backend('/_local/faults', f);
export const published = async () => (await backend('/_local/published')).items;

/** Runs `jobs` (functions returning promises) with at most `width` in flight. */
export async function pool(jobs, width) {
  const results = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }));
  return results;
}
