// Makes a class or function of the package used before `init()` throw an error that says so.
//
// wasm-bindgen's glue keeps the instance's exports in `let wasm;`, undefined until `init()`, so
// an early `new TextStatus(...)` fails with `Cannot read properties of undefined (reading 'X')`.
// Here `wasm` starts as a Proxy whose every property read throws the explanation, and the
// glue's "already initialized?" checks compare against that Proxy instead of `undefined`.
// It fails when the glue's shape is not the expected one, so a new wasm-bindgen cannot slip by.
//
// With --own-line, run on the minified glue, it ends the Proxy's statement with a line break:
// Node prints the whole source line of an uncaught error's origin, and the rest of the minified
// glue is one line.
//
// Usage: node scripts/build/glue-not-ready.mjs [--own-line] wuts_status.js
import { readFileSync, writeFileSync } from "node:fs";

const ownLine = process.argv[2] === "--own-line";
const [file] = process.argv.slice(ownLine ? 3 : 2);
let glue = readFileSync(file, "utf8");
const fail = (message) => {
  console.error(`glue-not-ready: ${message}`);
  process.exit(1);
};

if (ownLine) {
  const statement = /^(const [\w$]+=new Proxy\(\{\},\{get\(\)\{throw new Error\("wuts-status is not initialized[^"]*"\)\}\}\))[;,\n]/;
  if (!statement.test(glue)) fail("the minified glue does not start with the not-initialized Proxy");
  writeFileSync(file, glue.replace(statement, "$1;\n"));
  process.exit(0);
}

const declaration = /^(\s*)let wasmModule, wasmInstance, wasm;$/m;
if (!declaration.test(glue)) fail("the glue does not declare `let wasmModule, wasmInstance, wasm;`");
glue = glue.replace(declaration, "$1let wasmModule, wasmInstance, wasm = NOT_READY;");

const checks = glue.match(/if \(wasm !== undefined\) return wasm;/g) ?? [];
if (checks.length !== 2) fail(`expected 2 "already initialized" checks in the glue, found ${checks.length}`);
glue = glue.replaceAll("if (wasm !== undefined) return wasm;", "if (wasm !== NOT_READY) return wasm;");

const notReady = `const NOT_READY = new Proxy({}, {
  get() {
    throw new Error("wuts-status is not initialized: call \`await init()\` first");
  },
});
`;
writeFileSync(file, notReady + glue);
