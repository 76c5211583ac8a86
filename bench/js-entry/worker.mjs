// A measuring aid (docs/benchmarks.md): the edge proxy with a JavaScript entry. The HTTP work
// (headers, the token store, the body, the backend call, the answer and its headers, the log
// line) is done here; the decisions are the crate's, from three wasm exports built with the
// `bench-js-entry` feature (src/worker/variant.rs): the token's digest, the judgement of the
// request with its wire body, and the judgement of the backend's answer. Compared in one run
// with the Worker whose entry is workers-rs, it tells what that entry point costs.
import { initSync, variantAnswer, variantCheck, variantDigest } from './variant.js';
import wasm from './variant_bg.wasm';

initSync({ module: wasm });

const SECURITY = [
  ['x-content-type-options', 'nosniff'], ['cache-control', 'no-store'], ['referrer-policy', 'no-referrer'],
  ['x-frame-options', 'DENY'], ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['strict-transport-security', 'max-age=63072000; includeSubDomains'], ['vary', 'Origin'],
];

function respond(bytes, requestId, started, log) {
  const status = (bytes[0] << 8) | bytes[1];
  const headers = [...SECURITY, ['x-request-id', requestId], ['content-type', 'application/json']];
  console.log(JSON.stringify({ ...log, request_id: requestId, status, duration_ms: Date.now() - started }));
  return new Response(bytes.subarray(2), { status, headers });
}

export default {
  async fetch(request, env) {
    const started = Date.now();
    const { pathname } = new URL(request.url);
    const requestId = crypto.randomUUID();
    const log = { method: request.method, route: pathname };
    if (pathname === '/healthz') return new Response('{"success":true,"status":"ok"}', { headers: { 'content-type': 'application/json' } });
    const h = request.headers;
    let digest;
    try {
      digest = variantDigest(h.get('authorization') ?? undefined);
    } catch (refused) {
      return respond(refused, requestId, started, log);
    }
    const [record, body] = await Promise.all([env.WUTS_TOKENS.get(digest), request.arrayBuffer()]);
    const checked = variantCheck(request.method, pathname, digest, record ?? undefined, h.get('content-type') ?? undefined,
      h.get('content-length') ?? undefined, new Uint8Array(body));
    if (checked[0] !== 0 || checked[1] !== 0) return respond(checked, requestId, started, log);
    try {
      const answer = await fetch(env.WUTS_BACKEND_URL + pathname, {
        method: request.method,
        headers: { authorization: h.get('authorization'), 'content-type': 'application/json', accept: 'application/json', 'x-request-id': requestId },
        body: checked.subarray(2),
        signal: AbortSignal.timeout(15000),
      });
      const text = new Uint8Array(await answer.arrayBuffer());
      return respond(variantAnswer(answer.status, text), requestId, started, { ...log, backend_status: answer.status });
    } catch {
      return respond(variantAnswer(502, new Uint8Array(0)), requestId, started, log);
    }
  },
};
