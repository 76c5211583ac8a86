// Base64 decode-and-validate throughput: the package's MediaStatus.fromBase64(...).validate()
// (strict RFC 4648 check, full decode, signature and size, in wasm) against the platform's
// decoders, `atob` and `Uint8Array.fromBase64` (where the runtime has it), each followed by the
// same signature check on the decoded head. `atob` is laxer (it accepts white space and
// missing padding), so it does less than the wasm check; it is the floor a JS client pays.
// And encoding, what fromBlob pays for a file: MediaStatus.fromBytes(bytes) (sniff, checks and
// base64 in wasm) against `btoa` of the bytes as a binary string and `Uint8Array.toBase64`.
// Runs unchanged in Node and in a page: `wuts` is the package module, already initialised.

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

// Runs `fn` until `maxIterations` or `maxMs`, after one warm-up call; MB/s of base64 input.
function measure(fn, chars, { maxIterations = 200, maxMs = 1500 } = {}) {
  fn();
  const start = performance.now();
  let n = 0;
  while (n < maxIterations && performance.now() - start < maxMs) {
    fn();
    n++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { iterations: n, mbPerS: (chars * n) / seconds / 1e6 };
}

export function run(wuts, { sizes = [1 << 20, 16 << 20] } = {}) {
  const results = [];
  for (const bytes of sizes) {
    const video = bytes > 5 * 1024 * 1024;
    const [mime, signature] = video ? ['video/mp4', MP4] : ['image/png', PNG];
    const raw = file(bytes, signature);
    const data = btoa(binary(raw));
    const head = (b) => {
      if (!(b[0] === 0x89 && b[1] === 0x50) && !(b[4] === 0x66 && b[5] === 0x74)) throw new Error('signature');
    };
    const cases = {
      wasm: () => {
        const problems = wuts.MediaStatus.fromBase64(data, mime).validate();
        if (problems.length) throw new Error(JSON.stringify(problems));
      },
      atob: () => {
        const bin = atob(data);
        head([bin.charCodeAt(0), bin.charCodeAt(1), 0, 0, bin.charCodeAt(4), bin.charCodeAt(5)]);
      },
    };
    if (typeof Uint8Array.fromBase64 === 'function') cases.fromBase64 = () => head(Uint8Array.fromBase64(data));
    const row = { bytes, chars: data.length };
    for (const [name, fn] of Object.entries(cases)) row[name] = measure(fn, data.length, { maxIterations: video ? 20 : 200 });
    const encoders = {
      wasm: () => wuts.MediaStatus.fromBytes(raw).free(),
      btoa: () => btoa(binary(raw)),
    };
    if (typeof Uint8Array.prototype.toBase64 === 'function') encoders.toBase64 = () => raw.toBase64();
    row.encode = {};
    for (const [name, fn] of Object.entries(encoders)) row.encode[name] = measure(fn, bytes, { maxIterations: video ? 10 : 100 });
    results.push(row);
  }
  return results;
}
