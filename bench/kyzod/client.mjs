// The comparison client: what the wuts-status browser package does, written with ky (fetch,
// retries) and zod (bench/js/rules.mjs). Built like the package (esbuild, minified, ESM) so
// scripts/measure/bench.sh can weigh the two the same way. Same surface in spirit: validate before
// sending, a media status from a Blob (sniffed, size-checked before reading, base64-encoded),
// both error envelopes read into one error class, and retries only for the idempotent PUT.
import ky, { HTTPError } from 'ky';
import { LIMITS, MediaStatus, StatusPrivacy, TextStatus, problems, sniff } from '../js/rules.mjs';

export class WutsError extends Error {
  constructor(code, message, { status = 0, field, details } = {}) {
    super(message);
    this.name = 'WutsError';
    Object.assign(this, { code, status, field, details });
  }
}

function validated(schema, body) {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const list = problems(parsed.error);
  throw new WutsError('invalid_request', list.map((p) => `${p.field}: ${p.message}`).join('; '), { field: list[0]?.field, details: list });
}

// Either envelope shape, or the first bytes of whatever came back.
async function toError(error) {
  if (!(error instanceof HTTPError)) return new WutsError('network_error', String(error?.message ?? error));
  const { status } = error.response;
  const text = await error.response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === 'object') return new WutsError(body.error.code, body.error.message, { status, details: body.error.details });
    if (body && typeof body.error === 'string') return new WutsError(body.error_code ?? 'unknown', body.error, { status });
  } catch { /* not JSON: fall through */ }
  return new WutsError('unexpected_response', `HTTP ${status}: ${text.slice(0, 200)}`, { status });
}

function toBase64(bytes) {
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** A media body from a Blob or File: refused from its first bytes and size before reading it. */
export async function mediaFromBlob(blob, extra = {}) {
  const mime = sniff(new Uint8Array(await blob.slice(0, 16).arrayBuffer()));
  if (!mime) throw new WutsError('invalid_request', 'data: is not a JPEG, PNG or WebP image, nor an MP4 or 3GPP video', { field: 'data' });
  const kind = mime.split('/')[0];
  if (blob.size > LIMITS[kind]) throw new WutsError('invalid_request', `data: is larger than the ${kind} limit`, { field: 'data' });
  const data = toBase64(new Uint8Array(await blob.arrayBuffer()));
  return validated(MediaStatus, { ...extra, data, mime_type: mime });
}

export class WutsClient {
  constructor({ baseUrl, token, timeout = 30_000, retries = 2 }) {
    this.http = ky.create({
      prefixUrl: baseUrl,
      timeout,
      headers: { authorization: `Bearer ${token}` },
      // Publishing is not idempotent: only the privacy PUT is retried.
      retry: { limit: retries, methods: ['put'], statusCodes: [502, 503, 504] },
    });
  }

  async #send(method, path, json) {
    try {
      return await this.http(path, { method, json }).json();
    } catch (error) {
      throw await toError(error);
    }
  }

  publishText(body) {
    return this.#send('post', 'status/text', validated(TextStatus, body));
  }

  publishMedia(body) {
    return this.#send('post', 'status/media', validated(MediaStatus, body));
  }

  setPrivacy(body) {
    return this.#send('put', 'status/privacy', validated(StatusPrivacy, body));
  }
}

export { validated as validate, TextStatus, MediaStatus, StatusPrivacy };
