// Used by package.sh: the glue copies a long JavaScript string into wasm memory with the engine's
// TextEncoder.encodeInto, where wasm-bindgen's glue copies it one character at a time in
// JavaScript (about 300 MB/s, most of what checking a caller's 22 MB of base64 cost; the engine's
// copy runs at several GB/s, docs/benchmarks.md). A string whose characters each took one byte
// (`read === len`) is ASCII and fully copied; any other falls through to the glue's own copy,
// which starts again at 0. Short strings keep the loop: below about 64 characters the call into
// the encoder costs more than it saves.
//   node scripts/build/string-copy.mjs <glue.js>
import { readFileSync, writeFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const glue = readFileSync(file, 'utf8');
const fn = /function passStringToWasm0\(arg, malloc, realloc\) \{[\s\S]*?\n\}/;
const loop = /let offset = 0;(\s*for \(; offset < len; offset\+\+\) \{\s*const code = arg\.charCodeAt\(offset\);)/;
const body = glue.match(fn)?.[0];
if (!body || !loop.test(body) || !/const mem = /.test(body) || !/\bcachedTextEncoder\b/.test(glue)) {
  console.error(`string-copy.mjs: ${file} has no passStringToWasm0 of the shape this script rewrites (a new wasm-bindgen?)`);
  process.exit(1);
}
const fast = body.replace(loop, 'let offset = len > 64 && cachedTextEncoder.encodeInto(arg, mem.subarray(ptr, ptr + len)).read === len ? len : 0;$1');
writeFileSync(file, glue.replace(body, fast));
