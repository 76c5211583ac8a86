// The comparison proxy: the edge proxy's request path written the way a JavaScript team would,
// with Hono for routing and zod (bench/js/rules.mjs) for the rules. Same token check (SHA-256
// digest looked up in the WUTS_TOKENS KV namespace, record digest compared in constant time),
// same 401/403/405/413/415/400/502/504 answers, same forwarding of the normalized body.
// No rate limit: raw workerd has no Rate Limiting binding, and the Rust proxy skips it then too.
import { Hono } from 'hono';
import { MediaStatus, StatusPrivacy, TextStatus, problems } from '../js/rules.mjs';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const REQUEST_ID = /^[A-Za-z0-9\-_.:]{1,128}$/;
const MAX_BODY = Math.ceil((16 * 1024 * 1024) / 3) * 4 + 65_536;
const SECURITY = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  vary: 'Origin',
};

const fail = (c, status, code, message, extra = {}) =>
  c.json({ success: false, error: { code, message, ...extra } }, status);

async function digest(token) {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token.toLowerCase()));
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function sameDigest(a, b) {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const app = new Hono();
const remembered = new Map();

app.use('*', async (c, next) => {
  const given = c.req.header('x-request-id');
  const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  c.set('requestId', id);
  const started = Date.now();
  await next();
  for (const [k, v] of Object.entries(SECURITY)) c.res.headers.set(k, v);
  c.res.headers.set('x-request-id', id);
  // One JSON line per request, as the Rust proxy writes: its cost belongs in the comparison.
  console.log(JSON.stringify({ request_id: id, method: c.req.method, route: c.req.routePath, status: c.res.status, duration_ms: Date.now() - started }));
});

app.get('/healthz', (c) => c.json({ success: true, status: 'ok' }));

function endpoint(method, path, schema) {
  app.on(method, path, async (c) => {
    const auth = c.req.header('authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!UUID_V4.test(token)) {
      c.header('www-authenticate', 'Bearer realm="wuts-status"');
      return fail(c, 401, 'unauthorized', 'send Authorization: Bearer <API token>');
    }
    const key = await digest(token);
    // BENCH_TOKEN_MEMORY: the records read from KV kept in the isolate, as a JavaScript team
    // that caches would write it (bench/workerd/hono-memory.capnp).
    let record = c.env.BENCH_TOKEN_MEMORY ? remembered.get(key) : undefined;
    if (record === undefined) {
      try {
        record = await c.env.WUTS_TOKENS.get(key, 'json');
      } catch {
        return fail(c, 500, 'internal_error', 'the token store is unavailable; try again');
      }
      if (c.env.BENCH_TOKEN_MEMORY) remembered.set(key, record);
    }
    if (!record || record.revoked || !sameDigest(record.sha256, key)) {
      return fail(c, 403, 'forbidden', 'this API token is not known or has been revoked');
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') return fail(c, 415, 'unsupported_media_type', 'send the body as Content-Type: application/json');
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY) return fail(c, 413, 'payload_too_large', 'the body is too large');
    const raw = await c.req.text();
    if (raw.length > MAX_BODY) return fail(c, 413, 'payload_too_large', 'the body is too large');
    let json;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      return fail(c, 400, 'invalid_request', `body is not valid JSON: ${e.message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return fail(c, 400, 'invalid_request', 'the request is not valid', { details: problems(parsed.error) });

    let answer;
    try {
      answer = await fetch(`${c.env.WUTS_BACKEND_URL}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json', 'x-request-id': c.get('requestId') },
        body: JSON.stringify(parsed.data),
        redirect: 'manual',
        signal: AbortSignal.timeout(Number(c.env.WUTS_BACKEND_TIMEOUT_MS ?? 15000)),
      });
    } catch (e) {
      return e.name === 'TimeoutError'
        ? fail(c, 504, 'status_timeout', 'the backend did not answer in time')
        : fail(c, 502, 'bad_gateway', 'the backend could not be reached');
    }
    const body = await answer.text();
    let envelope;
    try {
      envelope = JSON.parse(body);
    } catch {
      envelope = null;
    }
    const isEnvelope = envelope && typeof envelope === 'object'
      && (envelope.success === true || (envelope.success === false && envelope.error !== undefined));
    if (!isEnvelope || (answer.status >= 300 && answer.status < 400)) {
      return fail(c, 502, 'bad_gateway', `the backend answered HTTP ${answer.status} with something that is not a WUTS envelope`);
    }
    return c.body(body, answer.status, { 'content-type': 'application/json' });
  });
  app.on(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => m !== method), path, (c) => {
    c.header('allow', `${method}, OPTIONS`);
    return fail(c, 405, 'method_not_allowed', `${path} takes ${method}`);
  });
}

endpoint('POST', '/status/text', TextStatus);
endpoint('POST', '/status/media', MediaStatus);
endpoint('PUT', '/status/privacy', StatusPrivacy);
app.notFound((c) => fail(c, 404, 'not_found', 'no such endpoint'));

export default app;
