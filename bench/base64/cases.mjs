// Base64 decode-and-validate throughput: the package's MediaStatus.fromBase64(...).validate()
// (strict RFC 4648 check, full decode, signature and size, in wasm) against the platform's
// decoders, `atob` and `Uint8Array.fromBase64` (where the runtime has it), each followed by the
// same signature check on the decoded head. `atob` is laxer (it accepts white space and
// missing padding), so it does less than the wasm check; it is the floor a JS client pays.
// And encoding, what fromBlob pays for a file: MediaStatus.fromBytes(bytes) (sniff, checks and
// base64 in wasm) against `btoa` of the bytes as a binary string and `Uint8Array.toBase64`.
// Runs unchanged in Node and in a page: `wuts` is the package module, already initialised;
// `baseline`, another build of it (bench.mjs's second argument), is measured beside it as
// `baseline` in the same run.

function file(bytes, signature) {
  const out = new Uint8Array(bytes);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  out.set(signature);
  return out;
}

function binary(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return bin;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MP4 = [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d];

// Runs the `cases` side by side: round after round, each case once per round, until `rounds`
// or `maxMs`, after one warm-up call each. On a shared machine the load moves from second to
// second; interleaved, every case sees the same moments. Each case's median time gives its MB/s
// (of `chars`, the input's size).
function measure(cases, chars, { rounds = 200, maxMs = 4000 } = {}) {
  const names = Object.keys(cases);
  for (const name of names) cases[name]();
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const start = performance.now();
  for (let r = 0; r < rounds && performance.now() - start < maxMs; r++) {
    for (const name of names) {
      const t = performance.now();
      cases[name]();
      times[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(names.map((name) => {
    const sorted = times[name].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1];
    return [name, { iterations: sorted.length, medianMs: median, mbPerS: chars / median / 1e3 }];
  }));
}

export function run(wuts, { sizes = [1 << 20, 16 << 20], baseline } = {}) {
  const results = [];
  for (const bytes of sizes) {
    const video = bytes > 5 * 1024 * 1024;
    const [mime, signature] = video ? ['video/mp4', MP4] : ['image/png', PNG];
    const raw = file(bytes, signature);
    const data = btoa(binary(raw));
    const head = (b) => {
      if (!(b[0] === 0x89 && b[1] === 0x50) && !(b[4] === 0x66 && b[5] === 0x74)) throw new Error('signature');
    };
    const validate = (build) => () => {
      const problems = build.MediaStatus.fromBase64(data, mime).validate();
      if (problems.length) throw new Error(JSON.stringify(problems));
    };
    const cases = {
      wasm: validate(wuts),
      ...(baseline && { baseline: validate(baseline) }),
      atob: () => {
        const bin = atob(data);
        head([bin.charCodeAt(0), bin.charCodeAt(1), 0, 0, bin.charCodeAt(4), bin.charCodeAt(5)]);
      },
    };
    if (typeof Uint8Array.fromBase64 === 'function') cases.fromBase64 = () => head(Uint8Array.fromBase64(data));
    const row = { bytes, chars: data.length, ...measure(cases, data.length, { rounds: video ? 20 : 200 }) };
    const encoders = {
      wasm: () => wuts.MediaStatus.fromBytes(raw).free(),
      btoa: () => btoa(binary(raw)),
    };
    if (typeof Uint8Array.prototype.toBase64 === 'function') encoders.toBase64 = () => raw.toBase64();
    row.encode = measure(encoders, bytes, { rounds: video ? 10 : 100 });
    results.push(row);
  }
  return results;
}
