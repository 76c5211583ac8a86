// The package entry's types: the wasm-bindgen declarations, and what the entry adds in
// JavaScript: WutsError and MediaStatus.fromBlob.
import type { MediaOptions, Problem } from "./wuts_status.js";

declare module "./wuts_status.js" {
  namespace MediaStatus {
    /**
     * Inline media from a `Blob` or `File`: reads it, sniffs the real type and checks the size
     * before reading the whole file, then keeps its bytes, which `publishMedia` encodes in
     * slices as it sends them (`onProgress` hears how far). Rejects with a `WutsError` unless
     * the result can be sent.
     */
    function fromBlob(blob: Blob, options?: MediaOptions): Promise<MediaStatus>;
  }
}

export * from "./wuts_status.js";
export { default } from "./wuts_status.js";

/** Failures the client detects itself; `invalid_request` also comes from the server. */
export type ClientErrorCode =
  | "invalid_request"
  | "network_error"
  | "timeout"
  | "aborted"
  | "unexpected_response";

/** The codes the API documents, in either envelope shape, and the edge proxy's own. */
export type ApiErrorCode =
  | "invalid_request"
  | "VALIDATION_ERROR"
  | "device_error"
  | "status_failed"
  | "device_disconnected"
  | "status_timeout"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "bad_gateway"
  | "conflict"
  | "idempotency_key_mismatch"
  | "internal_error";

/** A failure's code. A server may send codes beyond the documented ones; they come as sent. */
export type WutsErrorCode = ClientErrorCode | ApiErrorCode | (string & {});

/** The fields of a `WutsError` besides its message. */
export interface WutsErrorInit {
  code?: WutsErrorCode;
  status?: number;
  problems?: Problem[];
  retryable?: boolean;
  requestId?: string | null;
}

/** Every failure of wuts-status: an `Error` subclass to branch on by `code`. */
export class WutsError extends Error {
  constructor(message: string, init?: WutsErrorInit);
  /** The stable code to branch on. */
  code: WutsErrorCode;
  /** The HTTP status of the answer; 0 when none came or nothing was sent. */
  status: number;
  /** The first problem's field (`text`, `list[2]`, `token`...), or `null`. */
  field: string | null;
  /** Every problem found: by the client before sending, or listed by the server. */
  problems: Problem[];
  /**
   * Whether sending the same request again is safe and may succeed. Never true for a publish
   * that may already be out (timeout, network error, gateway error): it could post twice.
   */
  retryable: boolean;
  /** The answer's `X-Request-Id`, when the server sent one. */
  requestId: string | null;
}
