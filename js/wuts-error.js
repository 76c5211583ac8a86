// The one error class of wuts-status. It lives in JavaScript because only a JavaScript class can
// extend Error: stack traces, `instanceof Error` and `instanceof WutsError` all work.

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
