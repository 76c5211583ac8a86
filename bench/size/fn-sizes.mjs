// Which functions of the browser package's wasm grew or shrank between two builds: the code size
// of each function, by its name (the hash of a mangled name dropped, so builds compare), from
// the name section. Run on builds that keep their names:
//
//   wasm-opt --low-memory-unused -Oz --converge -g --enable-bulk-memory --enable-bulk-memory-opt \
//     --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
//     --enable-multivalue target/package/wasm32-unknown-unknown/release/wuts_status.wasm -o new.wasm
//   node bench/size/fn-sizes.mjs old.wasm new.wasm [how many rows]
import { readFileSync } from "node:fs";

function sizes(path) {
  const b = readFileSync(path);
  let i = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = b[i++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const skipName = () => { const n = leb(); i += n; };
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (i < b.length) {
    const id = b[i++];
    const size = leb();
    const end = i + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        skipName(); skipName();
        const kind = b[i++];
        if (kind === 0) { leb(); imported++; }
        else if (kind === 1) { i++; const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 3) i += 2;
        else if (kind === 4) { i++; leb(); }
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) { const s = leb(); bodies.push(s); i += s; }
    } else if (id === 0) {
      const n = leb();
      const name = b.toString("utf8", i, i + n);
      i += n;
      if (name === "name") {
        while (i < end) {
          const sub = b[i++];
          const subEnd = leb() + i;
          if (sub === 1) {
            for (let n = leb(); n > 0; n--) {
              const index = leb();
              const len = leb();
              names.set(index, b.toString("utf8", i, i + len));
              i += len;
            }
          }
          i = subEnd;
        }
      }
    }
    i = end;
  }
  const out = new Map();
  bodies.forEach((size, f) => {
    const name = (names.get(f + imported) ?? "(unnamed)").replace(/17h[0-9a-f]{16}E(_\d+)?$/, "");
    out.set(name, (out.get(name) ?? 0) + size);
  });
  return out;
}

const [before, after, rows = "40"] = process.argv.slice(2);
const a = sizes(before);
const b = sizes(after);
const total = (m) => [...m.values()].reduce((x, y) => x + y, 0);
console.log(`code bytes: ${total(a)} -> ${total(b)} (${total(b) - total(a)})`);
const names = new Set([...a.keys(), ...b.keys()]);
const deltas = [...names]
  .map((n) => [(b.get(n) ?? 0) - (a.get(n) ?? 0), a.get(n) ?? 0, b.get(n) ?? 0, n])
  .filter(([d]) => d !== 0)
  .sort((x, y) => Math.abs(y[0]) - Math.abs(x[0]));
for (const [d, x, y, n] of deltas.slice(0, Number(rows))) console.log(`${d > 0 ? "+" : ""}${d}\t${x}\t${y}\t${n.slice(0, 140)}`);
