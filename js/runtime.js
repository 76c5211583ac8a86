// The JavaScript the wasm calls, one module so the package loads one snippet: WutsError, and
// the client's input and output.
//
// WutsError lives here because only a JavaScript class can extend Error: stack traces,
// `instanceof Error` and `instanceof WutsError` all work.
//
// The input and output: `fetch` under a deadline and the caller's signal, and retries, and a
// file's bytes encoded into the body in slices. What an answer means is the wasm's: `exchange`
// (a Rust `Exchange`) reads answers and names failures. Promises chained here keep an async
// runtime out of the wasm.

export class WutsError extends Error {
  constructor(message, { code = "unknown", status = 0, problems = [], retryable = false, requestId = null } = {}) {
    super(message);
    this.name = "WutsError";
    this.code = code;
    this.status = status;
    this.field = problems.length > 0 ? problems[0].field : null;
    this.problems = problems;
    this.retryable = retryable;
    this.requestId = requestId;
  }
}

// The errors `send` tries again by itself. Whether an error is one is decided in Rust
// (`Error::resend`), like `retryable`; callers do not see this set.
const retriedByItself = new WeakSet();

// Called from wasm with plain arguments, so the Rust side builds no options object.
export function wutsError(message, code, status, problems, retryable, requestId, retriesNow) {
  const error = new WutsError(message, { code, status, problems, retryable, requestId: requestId ?? null });
  if (retriesNow) retriedByItself.add(error);
  return error;
}

/** Sends one request (`body` empty for none) and resolves with what `exchange.read` makes of
 *  the answer. A publish or a schedule's creation (`keyed`) carries an Idempotency-Key, `key`
 *  or a fresh UUID, the same on every attempt.
 *  A failure the wasm marks as worth retrying at once (network errors, timeouts and gateway
 *  errors of an idempotent request; a disconnected session; a 409 for a key still in flight)
 *  is tried again up to `retries` times (0 for a publish unless the client has `retryPublish`),
 *  waiting `backoffMs`, doubled on each attempt, up to `maxBackoffMs`, and at least the
 *  Retry-After of a 409. With `data` (a file's bytes), the body is `body` with the bytes as
 *  its first field, `data`, encoded first; `progress` hears `{ stage: "preparing", loaded, total }`
 *  as it is, then `{ stage: "sending" }` at each attempt. */
export async function send(exchange, url, method, authorization, body, data, keyed, key, signal, progress, timeoutMs, retries, backoffMs, maxBackoffMs) {
  const headers = { authorization, accept: "application/json" };
  // Reads and cancels send no body (fetch refuses one on a GET), so no content type either.
  if (body) headers["content-type"] = "application/json";
  if (keyed) headers["idempotency-key"] = key ?? uuid();
  if (data) body = await inline(exchange, data, body, signal, progress);
  for (let attempt = 0; ; attempt++) {
    let error;
    let after = 0;
    progress?.({ stage: "sending" });
    try {
      const [status, text, requestId, retryAfter] = await fetchOnce(exchange, url, { method, headers, body: body || undefined }, signal, timeoutMs);
      if (status === 409) after = retryAfter * 1000 || 0;
      return exchange.read(status, text, requestId);
    } catch (e) {
      error = e; // a WutsError, from `exchange.read` or `exchange.failure`
    }
    if (!retriedByItself.has(error) || attempt >= retries) throw error;
    // setTimeout takes at most 2^31 - 1 ms.
    const ms = Math.min(Math.max(backoffMs * 2 ** attempt, after), maxBackoffMs, 2 ** 31 - 1);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

// Bytes encoded per slice: a multiple of 3, so the slices' base64 joins without padding, and
// small enough that the wasm encoder, where the engine has no `toBase64`, holds the page for
// a few milliseconds at a time.
const SLICE = 3 << 18;

/** The JSON body `{"data":"<base64 of bytes>", ...rest}` as a Blob, its base64 made a slice at a
 *  time (the engine's `toBase64` where there is one, else the wasm's encoder) with a yield to
 *  the page after each; the caller's signal stops it between slices. */
async function inline(exchange, bytes, rest, signal, progress) {
  const parts = ['{"data":"'];
  for (let at = 0; at < bytes.length; ) {
    if (signal?.aborted) throw exchange.failure("aborted", "");
    const slice = bytes.subarray(at, (at += SLICE));
    const base64 = slice.toBase64?.() ?? exchange.encode(slice);
    // As bytes: a Blob made from a string converts it several times slower. Base64 is ASCII,
    // one byte a character.
    const ascii = new Uint8Array(base64.length);
    new TextEncoder().encodeInto(base64, ascii);
    parts.push(new Blob([ascii]));
    progress?.({ stage: "preparing", loaded: Math.min(at, bytes.length), total: bytes.length });
    // A timer, not scheduler.yield(): the page's own timers and tasks run between slices too.
    await new Promise((resolve) => setTimeout(resolve));
  }
  parts.push('",' + rest.slice(1));
  return new Blob(parts);
}

/** A fresh key: a UUID v4 where `crypto.randomUUID` exists (secure contexts), else the time and
 *  a random number. Keys are scoped to one token, so they need to be unique, not secret. */
function uuid() {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

/** One attempt: the answer's status, text and X-Request-Id, or a WutsError saying why none came. */
async function fetchOnce(exchange, url, init, caller, timeoutMs) {
  if (caller?.aborted) throw exchange.failure("aborted", "");
  let deadline;
  try {
    deadline = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    init.signal = caller && deadline ? AbortSignal.any([caller, deadline]) : caller ?? deadline;
  } catch (e) {
    throw exchange.failure("network", "this runtime lacks AbortSignal.timeout or AbortSignal.any: " + describe(e));
  }
  try {
    const response = await fetch(url, init);
    // Decoded as UTF-8, as JSON must be; bytes that are not become U+FFFD.
    const text = await response.text();
    return [response.status, text, response.headers.get("x-request-id"), Number(response.headers.get("retry-after"))];
  } catch (e) {
    // The signals say whether the caller or the deadline ended it.
    throw exchange.failure(caller?.aborted ? "aborted" : deadline?.aborted ? "timeout" : "network", describe(e));
  }
}

/** An error as one line: its message, and its cause's (Node puts ECONNREFUSED there). */
export function describe(e) {
  const cause = e?.cause?.message;
  const message = typeof e === "string" ? e : e?.message ?? "unknown error";
  return cause ? message + ": " + cause : message;
}
