// Makes wasm-bindgen's declarations type-check under any `lib` with `skipLibCheck: false`.
//
// wasm-bindgen writes `[Symbol.dispose](): void` on every class, which needs `Symbol.dispose`
// from the `esnext.disposable` lib (TS2550 under `"lib": ["ES2022", "DOM"]`), and types
// `init()`'s input with DOM-only names (`RequestInfo`, `BufferSource`, `WebAssembly.Module`),
// which a program with a Node-only lib lacks. This script declares `Symbol.dispose` the way
// @types/node does (an identical `unique symbol` merges with the lib's own), and spells the
// input with ES types plus the global classes the program's lib declares, read from
// `typeof globalThis`, so a lib without them types them `never`.
// It fails when a declaration it rewrites is missing, so a new wasm-bindgen cannot slip by.
//
// Usage: node scripts/build/portable-types.mjs wuts_status.d.ts wuts_status_bg.wasm.d.ts
import { readFileSync, writeFileSync } from "node:fs";

const [glueTypes, wasmTypes] = process.argv.slice(2);
const fail = (message) => {
  console.error(`portable-types: ${message}`);
  process.exit(1);
};
const replace = (text, pattern, replacement, what) => {
  if (!pattern.test(text)) fail(`no ${what} in the declarations`);
  return text.replace(pattern, replacement);
};

// `Lib<"Response">` is the lib's Response when it declares one, else `never`.
const helpers = `
/** A global class's instance type when the program's lib declares it (DOM, @types/node), else \`never\`. */
type Lib<K extends string> = typeof globalThis extends Record<K, { prototype: infer T }> ? T : never;
/** The same for \`WebAssembly.*\`. */
type LibWasm<K extends string> = typeof globalThis extends { WebAssembly: Record<K, { prototype: infer T }> } ? T : never;
`;

let glue = readFileSync(glueTypes, "utf8");
if (!glue.includes("[Symbol.dispose](): void;")) fail("no [Symbol.dispose] in the declarations");
// `export {}` keeps the helper types (Lib, LibWasm) private to the file.
glue += `
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
export {};
`;
glue = replace(
  glue,
  /^export type InitInput = .*$/m,
  `${helpers}
export type InitInput = string | Lib<"URL"> | Lib<"Request"> | Lib<"Response"> | ArrayBuffer | ArrayBufferView | LibWasm<"Module">;`,
  "InitInput",
);
glue = replace(
  glue,
  /^export type SyncInitInput = .*$/m,
  `export type SyncInitInput = ArrayBuffer | ArrayBufferView | LibWasm<"Module">;`,
  "SyncInitInput",
);
glue = replace(glue, /: WebAssembly\.Memory;/g, `: LibWasm<"Memory">;`, "WebAssembly.Memory");
if (/\b(WebAssembly\.|RequestInfo|BufferSource)/.test(glue.replace(/^\s*(\/\/|\*|\/\*).*$/gm, ""))) {
  fail("a DOM-only type is left in the declarations");
}
writeFileSync(glueTypes, glue);

let wasm = readFileSync(wasmTypes, "utf8");
wasm = replace(wasm, /: WebAssembly\.Memory;/g, `: LibWasm<"Memory">;`, "WebAssembly.Memory");
wasm = `type LibWasm<K extends string> = typeof globalThis extends { WebAssembly: Record<K, { prototype: infer T }> } ? T : never;\n${wasm}export {};\n`;
writeFileSync(wasmTypes, wasm);
