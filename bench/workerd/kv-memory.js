// A KV namespace for raw `workerd serve`: workerd's KV binding sends GET https://.../<key>
// to the service it names; this one answers from the records in the BENCH_KV var (JSON object
// of key -> value), seeded by the benchmark with the token digest.
export default {
  fetch(request, env) {
    const records = (globalThis.records ??= JSON.parse(env.BENCH_KV || '{}'));
    const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
    if (request.method !== 'GET' || !(key in records)) return new Response(null, { status: 404 });
    return new Response(JSON.stringify(records[key]));
  },
};
