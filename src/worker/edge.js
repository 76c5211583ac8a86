// The edge proxy's input and output, in one call per step.
//
// The Rust side (src/worker/) decides everything: routes, tokens, limits, validation, the
// answer. This snippet only moves data between the runtime and the wasm, so that a request
// costs a handful of calls across the boundary rather than one per header, chunk or promise:
// the request line and the headers the proxy reads come as one string, the body as one buffer
// (or straight into wasm memory) in the same promise as the token record and the rate limit, the
// backend call with its deadline and capped answer in one promise, and the answer with its
// headers and log line in one call. src/worker/io.rs binds these functions.

// Bodies declared up to this size are read whole at once; larger ones go into wasm memory
// as they arrive, once their first bytes have come.
const SMALL_BODY = 64 * 1024;

// Header names the proxy reads, in the order `head` gives them.
const HEADERS = ['authorization', 'content-type', 'content-length', 'origin', 'x-request-id',
  'access-control-request-method', 'idempotency-key'];

/**
 * The request line and headers as one string of lines: the arrival time, a fresh request id,
 * the method, the path, then each header of HEADERS as "+value", or "-" when absent. Header
 * values never hold a line break, so the lines cannot be confused.
 */
export function head(request) {
  const lines = [Date.now(), crypto.randomUUID(), request.method, new URL(request.url).pathname];
  const { headers } = request;
  for (const name of HEADERS) {
    const value = headers.get(name);
    lines.push(value === null ? '-' : `+${value}`);
  }
  return lines.join('\n');
}

/** The text of a var, or undefined; numbers and booleans written out. */
export function textVar(env, name) {
  const value = env[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The token's record in the KV namespace `kvName` under `key` (read with `cacheTtl` seconds of
 * edge caching), unless it is `known` already; when there is one, the rate limit binding
 * `limiterName` charged for `key`; and when that lets it through and `request` is given, its
 * body read (see readBody). Resolves to [state, body or undefined], where state is "" for no
 * record, or the record's text (empty when `known`) after "+" when the rate limit lets the
 * request through and "-" when it does not. Rejects only when the token store fails. A missing
 * rate limit binding, or one that fails, lets the request through: the limit protects the
 * backend, and an outage of the limiter should not become an outage of the API.
 */
export async function admit(env, kvName, limiterName, key, known, cacheTtl, request, declared, limit) {
  let record = '';
  if (!known) {
    const store = env[kvName];
    if (!store) throw new Error(`no KV binding ${kvName}`);
    record = await store.get(key, { cacheTtl });
    if (record === null) return [''];
  }
  let allowed = true;
  const limiter = env[limiterName];
  if (limiter !== null && typeof limiter === 'object') {
    try {
      allowed = (await limiter.limit({ key }))?.success !== false;
    } catch (err) {
      console.warn(`rate limiter failed, request let through: ${err}`);
    }
  }
  if (!allowed) return [`-${record}`];
  return [`+${record}`, request === undefined ? undefined : await readBody(request, declared, limit)];
}

/**
 * Reads the request body, at most `limit` bytes. `declared` is its Content-Length (already
 * within the limit), or -1. Resolves to the body as a Uint8Array; to -1 when it is over the
 * limit and -2 when it could not be read; or, for a body declared larger than SMALL_BODY, to
 * a pending read whose first bytes have arrived, which `readInto` finishes into wasm memory.
 * So memory for a large body is taken only once the caller is actually sending it.
 */
async function readBody(request, declared, limit) {
  if (request.body === null) return new Uint8Array(0);
  if (declared >= 0 && declared <= SMALL_BODY) {
    try {
      return new Uint8Array(await request.arrayBuffer());
    } catch {
      return -2;
    }
  }
  const reader = chunkReader(request.body);
  const chunks = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > limit) {
        reader.cancel();
        return -1;
      }
      if (declared > SMALL_BODY) return { reader, first: value };
      chunks.push(value.slice());
    }
  } catch {
    return -2;
  }
  return concat(chunks, length);
}

/**
 * Finishes a pending read into wasm memory: `memory` is the wasm instance's memory and the
 * body goes to [ptr, ptr + capacity). Resolves to the body's length, -1 when the body
 * outgrows `capacity` (its declared length) and -2 when it could not be read. The view is
 * made again for every chunk: another request may grow the memory while this one waits.
 */
export async function readInto(pending, memory, ptr, capacity) {
  const { reader } = pending;
  let offset = 0;
  try {
    for (let chunk = pending.first; ; ) {
      if (offset + chunk.length > capacity) {
        reader.cancel();
        return -1;
      }
      new Uint8Array(memory.buffer, ptr + offset, chunk.length).set(chunk);
      offset += chunk.length;
      const { done, value } = await reader.read();
      if (done) return offset;
      chunk = value;
    }
  } catch {
    return -2;
  }
}

/** Bytes asked for by each read of a large body. */
const READ_SIZE = 256 * 1024;

/**
 * Reads a body stream in large pieces: a reader that brings its own buffer ("byob") gets as
 * much as has arrived, up to READ_SIZE, per read, where the default reader hands over the
 * network's small chunks one promise at a time. Each chunk is valid until the next read.
 */
function chunkReader(stream) {
  let byob;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    const reader = stream.getReader();
    return { read: () => reader.read(), cancel: () => reader.cancel().catch(() => {}) };
  }
  let buffer = new ArrayBuffer(READ_SIZE);
  return {
    async read() {
      const result = await byob.read(new Uint8Array(buffer, 0, READ_SIZE));
      if (result.value) buffer = result.value.buffer;
      return result;
    },
    cancel: () => byob.cancel().catch(() => {}),
  };
}

function concat(chunks, length) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Sends `body` to `url` with the caller's authorization and request id, and reads the answer,
 * all within `timeoutMs`. `body` is a view of wasm memory (`memory`), which stays put until
 * this resolves. Resolves to the answer as one buffer when the backend answered: its status in
 * two bytes (big-endian), then 1 and the body, or 0 alone when the body is over `maxAnswer`
 * bytes. To 0 when it could not be reached and -1 when the deadline passed (the call is then
 * aborted).
 */
export function forward(url, method, authorization, requestId, body, memory, timeoutMs, maxAnswer) {
  return call(url, method, authorization, requestId, requestBody(body, memory), timeoutMs, maxAnswer);
}

/**
 * forward, with the body of `request` (a Durable Object's incoming request) passed on as it
 * arrives: the wire body never goes through the object's wasm memory.
 */
export function forwardBody(url, method, authorization, requestId, request, timeoutMs, maxAnswer) {
  const sent = { body: request.body, done: Promise.resolve(), abandon() {} };
  return call(url, method, authorization, requestId, sent, timeoutMs, maxAnswer);
}

async function call(url, method, authorization, requestId, sent, timeoutMs, maxAnswer) {
  // A timer cleared when the call ends, not AbortSignal.timeout: a Durable Object makes this call
  // for request after request, and each pending timeout would stay until it fired, until the
  // runtime refuses more.
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(new DOMException('the deadline passed', 'TimeoutError')), timeoutMs);
  try {
    const response = await fetch(url, {
      method,
      headers: {
        authorization,
        'content-type': 'application/json',
        accept: 'application/json',
        'x-request-id': requestId,
      },
      body: sent.body,
      redirect: 'manual',
      signal,
    });
    const answer = await readCapped(response, maxAnswer);
    const out = new Uint8Array(3 + (answer?.length ?? 0));
    out[0] = response.status >> 8;
    out[1] = response.status & 0xff;
    if (answer !== null) {
      out[2] = 1;
      out.set(answer, 3);
    }
    return out;
  } catch {
    return signal.aborted ? -1 : 0;
  } finally {
    clearTimeout(timer);
    // The wasm memory under the body is freed once this resolves, so nothing may read it
    // after: a body the call did not take whole (it failed, or the backend answered early) is
    // abandoned first, so that its pending piece cannot wait forever.
    sent.abandon();
    await sent.done;
  }
}

// Bodies from this size on are streamed to `fetch` rather than handed over whole: videos,
// whose second copy would cost the isolate up to 22 MB, but not images (at most 7 MB of JSON),
// which go out faster in one piece.
const STREAM_FROM = 8 * 1024 * 1024;

/**
 * A request body for `fetch` from a view of wasm memory. A small one is handed over as it is:
 * `fetch` copies it when called. A large one is streamed with its length declared (a
 * FixedLengthStream, so the backend still gets Content-Length), in pieces copied out of wasm
 * memory as the connection takes them, so the runtime never holds a second whole copy of it.
 */
function requestBody(view, memory) {
  if (view.length < STREAM_FROM || typeof FixedLengthStream !== 'function') {
    return { body: view, done: Promise.resolve(), abandon() {} };
  }
  const ptr = view.byteOffset;
  const length = view.length;
  const { readable, writable } = new FixedLengthStream(length);
  const writer = writable.getWriter();
  let finished = false;
  const done = (async () => {
    try {
      for (let offset = 0; offset < length && !finished; offset += READ_SIZE) {
        const n = Math.min(READ_SIZE, length - offset);
        // The view is made again for each piece: the memory may have grown meanwhile.
        await writer.write(new Uint8Array(memory.buffer, ptr + offset, n).slice());
      }
      if (!finished) await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => {});
    }
    finished = true;
  })();
  const abandon = () => {
    if (!finished) {
      finished = true;
      writer.abort(new Error('the call ended before the body was sent')).catch(() => {});
    }
  };
  return { body: readable, done, abandon };
}

/** The answer's body, or null when it is over `max` bytes. */
async function readCapped(response, max) {
  if (response.body === null) return new Uint8Array(0);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    response.body.cancel().catch(() => {});
    return null;
  }
  if (declared >= 0) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, length);
    length += value.length;
    if (length > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
}

/**
 * The answer: `status`, `headers` as "name\nvalue\n..." pairs, a JSON `body` (a view of wasm
 * memory, which the Response copies as it is made; empty for none), and the request's log
 * line, written once (none when empty: WUTS_REQUEST_LOG left it out).
 */
export function respond(status, headers, body, logLine) {
  const parts = headers.split('\n');
  const list = [];
  for (let i = 0; i + 1 < parts.length; i += 2) list.push([parts[i], parts[i + 1]]);
  if (logLine !== '') console.log(logLine);
  return new Response(body.length > 0 ? body : null, { status, headers: list });
}

/**
 * A publish with an Idempotency-Key, sent to the Durable Object of its owner (the caller's
 * token digest), namespace binding `binding`, which claims the key, forwards the body to the
 * backend and settles the key, or answers a repeat from storage: one round trip. The
 * fingerprint is the endpoint's `path` and the SHA-256 of the wire `body`, a view of wasm
 * memory (`memory`) that stays put until this resolves; the digest reads it where it lies, and
 * a large body is streamed to the object as the backend call would stream it. Resolves to
 * [verdict, status, code, backend status or 0, body]: the verdict is "claimed" (forwarded, with
 * the answer), "replay" (the first answer), "in_flight" or "mismatch". Rejects when the object
 * cannot be asked.
 */
export async function keyedPublish(env, binding, owner, key, path, body, memory, ttlMs, leaseMs, authorization, requestId) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let fingerprint = `${path}:`;
  for (const byte of digest) fingerprint += HEX[byte];
  const object = keysOf(env, binding, owner);
  const sent = requestBody(body, memory);
  try {
    const answer = await object.fetch(`https://idempotency${path}`, {
      method: 'POST',
      headers: {
        'x-key': key, 'x-fingerprint': fingerprint, 'x-ttl-ms': String(ttlMs), 'x-lease-ms': String(leaseMs),
        authorization, 'x-request-id': requestId,
      },
      body: sent.body,
    });
    const { headers } = answer;
    const verdict = headers.get('x-verdict');
    if (verdict === null) throw new Error(`idempotency: HTTP ${answer.status}`);
    return [verdict, answer.status, headers.get('x-code') ?? '', Number(headers.get('x-backend-status') ?? 0),
      new Uint8Array(await answer.arrayBuffer())];
  } finally {
    sent.abandon();
    await sent.done;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function keysOf(env, binding, owner) {
  const namespace = env[binding];
  if (!namespace) throw new Error(`no Durable Object binding ${binding}`);
  return namespace.get(namespace.idFromName(owner));
}

// Schedules (src/worker/schedules/): the caller's Durable Object keeps them; these functions
// seal the token a schedule publishes with, move bodies to and from the object and the
// R2 bucket that holds inline media, and forward a stored body.

/**
 * A request to the caller's Durable Object (namespace binding `binding`, named by `owner`):
 * `method` on `path` with `headers` (an object) and, when given, `body`, a view of wasm memory
 * (`memory`) that stays put until this resolves. With an `x-key` header, the body's SHA-256
 * goes along as `x-fingerprint`, after `fingerprintOf`. Resolves to [status, verdict or "",
 * error code or "", body]; rejects when the object cannot be asked.
 */
export async function callStore(env, binding, owner, method, path, headers, body, memory, fingerprintOf) {
  const sent = body === undefined ? { body: undefined, done: Promise.resolve(), abandon() {} } : requestBody(body, memory);
  try {
    if (headers['x-key'] !== undefined && body !== undefined) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
      let hex = '';
      for (const byte of digest) hex += HEX[byte];
      headers['x-fingerprint'] = `${fingerprintOf}:${hex}`;
    }
    const answer = await keysOf(env, binding, owner).fetch(`https://schedules${path}`, { method, headers, body: sent.body });
    const { headers: got } = answer;
    return [answer.status, got.get('x-verdict') ?? '', got.get('x-code') ?? '', new Uint8Array(await answer.arrayBuffer())];
  } finally {
    sent.abandon();
    await sent.done;
  }
}

const SEAL_INFO = new TextEncoder().encode('wuts-status schedule token v1');

/** The AES-GCM key of `secret` (HKDF-SHA-256), made once per isolate and secret. */
const sealKeys = new Map();
function sealKey(secret) {
  let key = sealKeys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey'])
      .then((base) => crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: SEAL_INFO },
        base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
    sealKeys.clear();
    sealKeys.set(secret, key);
  }
  return key;
}

/**
 * `token` sealed with AES-GCM under a key derived from `secret`, bound to its `owner` (the
 * token's digest, as additional data): "v1." then the 12-byte nonce and the ciphertext, base64.
 */
export async function sealToken(secret, owner, token) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new TextEncoder().encode(owner);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: data },
    await sealKey(secret), new TextEncoder().encode(token)));
  const out = new Uint8Array(12 + sealed.length);
  out.set(iv);
  out.set(sealed, 12);
  return `v1.${btoa(String.fromCharCode(...out))}`;
}

/** The token `sealToken` sealed, or undefined when it cannot be opened (another secret). */
export async function openToken(secret, owner, sealed) {
  try {
    if (!sealed.startsWith('v1.')) return undefined;
    const bytes = Uint8Array.from(atob(sealed.slice(3)), (c) => c.charCodeAt(0));
    const data = new TextEncoder().encode(owner);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: data },
      await sealKey(secret), bytes.subarray(12));
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}

/**
 * Keeps the body of `request` (the Durable Object's incoming request) in the R2 bucket
 * `binding` under `key`, streamed as it arrives, or as text when `binding` is empty. Resolves to the text (empty when
 * it went to R2); rejects when the bucket is missing or refuses it.
 */
export async function keepBody(env, binding, key, request) {
  if (binding === '') return request.text();
  const bucket = env[binding];
  if (!bucket) throw new Error(`no R2 binding ${binding}`);
  // The body's length is known (the Worker sends it with Content-Length, or as a
  // FixedLengthStream), so R2 takes the stream as it arrives.
  await bucket.put(key, request.body, { httpMetadata: { contentType: 'application/json' } });
  return '';
}

/** Deletes `keys` from the R2 bucket `binding`; a missing bucket or object is no error. */
export async function dropBodies(env, binding, keys) {
  const bucket = env[binding];
  if (bucket && keys.length > 0) await bucket.delete(keys);
}

/**
 * forward, with a body kept by keepBody: `text` when not empty, else the R2 object `key` of
 * bucket `binding`, streamed with its length. Resolves as forward does, and to 0 when the
 * object is gone, as when the backend could not be reached.
 */
export async function forwardKept(url, method, authorization, requestId, text, env, binding, key, timeoutMs, maxAnswer) {
  let body = text;
  if (text === '') {
    const object = await env[binding]?.get(key);
    if (!object) return 0;
    const { readable, writable } = new FixedLengthStream(object.size);
    object.body.pipeTo(writable).catch(() => {});
    body = readable;
  }
  return call(url, method, authorization, requestId, { body, done: Promise.resolve(), abandon() {} }, timeoutMs, maxAnswer);
}

/** A new schedule id: "s_" and 20 random characters. */
export function scheduleId() {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let id = 's_';
  for (const byte of crypto.getRandomValues(new Uint8Array(20))) id += alphabet[byte & 31];
  return id;
}
