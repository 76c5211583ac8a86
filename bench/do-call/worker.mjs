// What one call to a Durable Object costs a Worker, by how it is made: `fetch` with the
// arguments in headers (as the Rust Durable Object is asked, since workers-rs cannot define
// RPC methods on it) or a JavaScript RPC method. Each call does the same SQL upsert of a fresh
// key; /fetch-empty and /rpc-empty make the call with no SQL, so what the runtime's round trip
// costs is told from what the storage write costs. GET /none answers without a call, the floor. scripts/measure/do-call.sh runs it.
import { DurableObject } from 'cloudflare:workers';

export class Keys extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS keys (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, started REAL NOT NULL)');
  }

  claim(key, fingerprint) {
    const cursor = this.ctx.storage.sql.exec(
      'INSERT INTO keys (key, fingerprint, started) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING', key, fingerprint, Date.now());
    return cursor.rowsWritten > 0 ? 'claimed' : 'repeat';
  }

  ping() {
    return 'pong';
  }

  async fetch(request) {
    if (request.headers.get('x-key') === null) return new Response('pong');
    const verdict = this.claim(request.headers.get('x-key'), request.headers.get('x-fingerprint'));
    return new Response(null, { headers: { 'x-verdict': verdict } });
  }
}

let n = 0;
export default {
  async fetch(request, env) {
    const how = new URL(request.url).pathname;
    if (how === '/none') return new Response('none');
    const stub = env.KEYS.get(env.KEYS.idFromName('caller'));
    const key = `k-${Date.now()}-${n++}`;
    const fingerprint = '/status/text:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    let verdict;
    if (how === '/fetch-empty') {
      await (await stub.fetch('https://keys/ping')).text();
      return new Response('pong');
    }
    if (how === '/rpc-empty') return new Response(await stub.ping());
    if (how === '/rpc') {
      verdict = await stub.claim(key, fingerprint);
    } else {
      const answer = await stub.fetch('https://keys/claim', { method: 'POST', headers: { 'x-key': key, 'x-fingerprint': fingerprint } });
      verdict = answer.headers.get('x-verdict');
    }
    return new Response(verdict);
  },
};
