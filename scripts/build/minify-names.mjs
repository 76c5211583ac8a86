// Applies the import/export renaming of `wasm-opt --minify-imports-and-exports-and-modules` to
// the wasm-bindgen glue and its InitOutput declaration.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>`: those hashes are in the .wasm
// and again in the glue, and gzip cannot shrink them. wasm-opt renames the imports, exports and
// the import module and prints the mapping as JSON; this script makes the glue use the new names.
// It fails when the glue names an import or export the mapping does not know, or the reverse, so
// a glue that would not link is never written.
//
// Usage: node scripts/build/minify-names.mjs MAPPING.json MODULE.wasm GLUE.js DECLARATIONS.d.ts...
import { readFileSync, writeFileSync } from "node:fs";

const [mappingFile, wasmFile, glueFile, ...dtsFiles] = process.argv.slice(2);
const mapping = JSON.parse(readFileSync(mappingFile, "utf8"));
let glue = readFileSync(glueFile, "utf8");
const fail = (message) => {
  console.error(`minify-names: ${message}`);
  process.exit(1);
};

// Exports: the glue reaches them as `wasm.<name>`; the declarations list them as
// `readonly <name>:` (InitOutput) or `export const <name>:` (the .wasm's own).
const exports = new Map(mapping.exports);
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
  if (!exports.has(name)) fail(`the glue uses wasm.${name}, which the module does not export`);
  return `wasm.${exports.get(name)}`;
});
const declarations = dtsFiles.map((file) => [
  file,
  readFileSync(file, "utf8").replace(
    /^(\s*readonly |export const )([A-Za-z_$][\w$]*)(: )/gm,
    (whole, head, name, tail) => (exports.has(name) ? head + exports.get(name) + tail : whole),
  ),
]);

// Imports: keys of the import object, one module of them.
const modules = new Set(mapping.imports.map(([module]) => module));
if (modules.size !== 1) fail(`expected one import module, found ${[...modules].join(", ")}`);
const [module] = modules;
const key = JSON.stringify(module);
if (glue.split(key).length !== 2) fail(`expected the glue to name ${key} once`);
// The module's new name, as the renamed .wasm imports it.
const renamed = new Set(
  WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmFile))).map((i) => i.module),
);
if (renamed.size !== 1) fail(`expected the renamed module to import from one module`);
glue = glue.replace(key, JSON.stringify([...renamed][0]));
for (const [, name, short] of mapping.imports) {
  const pattern = new RegExp(`(^|[\\s{,])${name.replace(/\$/g, "\\$")}(?=\\s*[:(])`, "gm");
  const count = glue.match(pattern)?.length ?? 0;
  if (count !== 1) fail(`expected one definition of import ${name} in the glue, found ${count}`);
  glue = glue.replace(pattern, `$1${short}`);
}
writeFileSync(glueFile, glue);
for (const [file, text] of declarations) writeFileSync(file, text);
