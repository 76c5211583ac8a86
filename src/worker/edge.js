// The edge proxy's input and output, in one call per step.
//
// The Rust side (src/worker/) decides everything: routes, tokens, limits, validation, the
// answer. This snippet only moves data between the runtime and the wasm, so that a request
// costs a handful of calls across the boundary rather than one per header, chunk or promise:
// the request line and the headers the proxy reads come as one string, the body as one buffer
// (or straight into wasm memory), the token record and the rate limit in one promise, the
// backend call with its deadline and capped answer in one promise, and the answer with its
// headers and log line in one call. src/worker/io.rs binds these functions.

/// Bodies declared up to this size are read whole at once; larger ones go into wasm memory
/// as they arrive, once their first bytes have come.
const SMALL_BODY = 64 * 1024;

/// Header names the proxy reads, in the order `head` gives them.
const HEADERS = ['authorization', 'content-type', 'content-length', 'origin', 'x-request-id',
  'access-control-request-method'];

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
 * The token's record in the KV namespace `kvName` under `key`, then, when there is one, the
 * rate limit binding `limiterName` charged for `key`. Resolves to [record text or null,
 * allowed]. Rejects only when the token store fails. A missing rate limit binding, or one
 * that fails, lets the request through: the limit protects the backend, and an outage of the
 * limiter should not become an outage of the API.
 */
export async function admit(env, kvName, limiterName, key) {
  const store = env[kvName];
  if (!store) throw new Error(`no KV binding ${kvName}`);
  const record = await store.get(key);
  if (record === null) return [null, true];
  const limiter = env[limiterName];
  if (limiter === null || typeof limiter !== 'object') return [record, true];
  try {
    const outcome = await limiter.limit({ key });
    return [record, outcome?.success !== false];
  } catch (err) {
    console.warn(`rate limiter failed, request let through: ${err}`);
    return [record, true];
  }
}

/**
 * Reads the request body, at most `limit` bytes. `declared` is its Content-Length (already
 * within the limit), or -1. Resolves to the body as a Uint8Array; to -1 when it is over the
 * limit and -2 when it could not be read; or, for a body declared larger than SMALL_BODY, to
 * a pending read whose first bytes have arrived, which `readInto` finishes into wasm memory.
 * So memory for a large body is taken only once the caller is actually sending it.
 */
export async function readBody(request, declared, limit) {
  if (request.body === null) return new Uint8Array(0);
  if (declared >= 0 && declared <= SMALL_BODY) {
    try {
      return new Uint8Array(await request.arrayBuffer());
    } catch {
      return -2;
    }
  }
  const reader = request.body.getReader();
  const chunks = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > limit) {
        reader.cancel().catch(() => {});
        return -1;
      }
      chunks.push(value);
      if (declared > SMALL_BODY) return { reader, chunks, length };
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
  const { reader, chunks } = pending;
  let offset = 0;
  const put = (chunk) => {
    if (offset + chunk.length > capacity) return false;
    new Uint8Array(memory.buffer, ptr + offset, chunk.length).set(chunk);
    offset += chunk.length;
    return true;
  };
  for (const chunk of chunks) if (!put(chunk)) return -1;
  chunks.length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return offset;
      if (!put(value)) {
        reader.cancel().catch(() => {});
        return -1;
      }
    }
  } catch {
    return -2;
  }
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
 * Sends `body` (a view of wasm memory, copied before anything else runs) to `url` with the
 * caller's authorization and request id, and reads the answer, all within `timeoutMs`.
 * Resolves to [status, answer bytes] when the backend answered, [status, null] when its
 * answer is over `maxAnswer` bytes, [0, null] when it could not be reached and [-1, null]
 * when the deadline passed (the call is then aborted).
 */
export async function forward(url, method, authorization, requestId, body, timeoutMs, maxAnswer) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const init = {
      method,
      headers: {
        authorization,
        'content-type': 'application/json',
        accept: 'application/json',
        'x-request-id': requestId,
      },
      body: body.slice(),
      redirect: 'manual',
      signal: controller.signal,
    };
    const response = await fetch(url, init);
    const answer = await readCapped(response, maxAnswer);
    return [response.status, answer];
  } catch {
    return [timedOut ? -1 : 0, null];
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response, max) {
  if (response.body === null) return new Uint8Array(0);
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
 * memory, copied here; empty for none), and the request's log line, written once.
 */
export function respond(status, headers, body, logLine) {
  const list = [];
  if (body.length > 0) list.push(['content-type', 'application/json']);
  const parts = headers.split('\n');
  for (let i = 0; i + 1 < parts.length; i += 2) list.push([parts[i], parts[i + 1]]);
  console.log(logLine);
  return new Response(body.length > 0 ? body.slice() : null, { status, headers: list });
}
