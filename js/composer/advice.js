// What a failed request means for the person at the keyboard, and what to do about it.

// By error code; codes not listed fall back to the error's own message.
const ADVICE = {
  device_disconnected: "WhatsApp session is not connected: reconnect the device and try again.",
  device_error: "WhatsApp could not find the linked device: check that the phone is linked, then try again.",
  status_failed: "WhatsApp could not send the status: try again in a moment.",
  status_timeout:
    "WhatsApp did not answer in time. The status may still appear: check your phone before publishing again.",
  timeout: "The server did not answer in time. The status may still appear: check your phone before publishing again.",
  unauthorized: "The API token is missing or malformed: check the token you were given.",
  forbidden: "This API token is not known or has been revoked: ask for a new token.",
  rate_limited: "Too many requests with this token: wait a minute, then try again.",
  payload_too_large: "The server does not accept a file this large: choose a smaller file.",
  bad_gateway: "The WhatsApp gateway cannot be reached right now: try again in a few minutes.",
  not_found: "This address does not serve the status API: check the base URL.",
  network_error: "The server cannot be reached: check your connection and the base URL.",
  unexpected_response: "The server's answer is not from the status API: check the base URL.",
  aborted: "The request was cancelled.",
};

/** The sentence shown for a `WutsError`. */
export function advice(err) {
  return ADVICE[err.code] ?? `The request failed: ${err.message}.`;
}

/** The line under a server error: its code, HTTP status and request id, for support. */
export function detail(err) {
  const parts = [`code ${err.code}`];
  if (err.status) parts.push(`HTTP ${err.status}`);
  if (err.requestId) parts.push(`request id ${err.requestId}`);
  return parts.join(" · ");
}
