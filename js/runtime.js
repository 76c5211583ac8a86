// The JavaScript the wasm calls, one module so the package loads one snippet: WutsError, and
// the client's input and output.
//
// WutsError lives here because only a JavaScript class can extend Error: stack traces,
// `instanceof Error` and `instanceof WutsError` all work.
//
// The input and output: `fetch` under a deadline and the caller's signal, and retries. What an
// answer means is the wasm's: `exchange` (a Rust `Exchange`) reads answers and names failures.
// Promises chained here keep an async runtime out of the wasm.

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

// Called from wasm with plain arguments, so the Rust side builds no options object.
export function wutsError(message, code, status, problems, retryable, requestId) {
  return new WutsError(message, { code, status, problems, retryable, requestId: requestId ?? null });
}

/** Sends one request and resolves with what `exchange.read` makes of the answer. Network errors
 *  and HTTP 502, 503 and 504 are tried again up to `retries` times (0 for a publish), waiting
 *  `backoffMs`, doubled on each attempt, up to `maxBackoffMs`. A timeout is not: the caller's
 *  deadline has passed. */
export async function send(exchange, url, method, authorization, body, signal, timeoutMs, retries, backoffMs, maxBackoffMs) {
  const headers = { authorization, "content-type": "application/json", accept: "application/json" };
  for (let attempt = 0; ; attempt++) {
    let error;
    try {
      const [status, text, requestId] = await fetchOnce(exchange, url, { method, headers, body }, signal, timeoutMs);
      return exchange.read(status, text, requestId);
    } catch (e) {
      error = e; // a WutsError, from `exchange.read` or `exchange.failure`
    }
    const transient = (error.status === 0 && error.code === "network_error") || (error.status >= 502 && error.status <= 504);
    if (!transient || attempt >= retries) throw error;
    // setTimeout takes at most 2^31 - 1 ms.
    const ms = Math.min(backoffMs * 2 ** attempt, maxBackoffMs, 2 ** 31 - 1);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
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
    return [response.status, text, response.headers.get("x-request-id")];
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
