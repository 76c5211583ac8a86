// The request corpus (tests/fixtures/{text,media,privacy}.json) through the built package, as
// shipped: every case with a JSON body and the default limits goes to the client as a plain
// object. An invalid one must reject with exactly the expected problems and send nothing; a valid
// one must reach the backend as its normalized wire body. The wasm-bindgen suites run the same
// cases on a debug build; this run checks the size-optimized .wasm and the minified glue.
// Usage: node tests/package/corpus.mjs <package dir> <wuts-local URL>
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pkgDir, baseUrl] = process.argv.slice(2);
if (!pkgDir || !baseUrl) throw new Error("usage: corpus.mjs <package dir> <wuts-local URL>");
const pkg = path.resolve(pkgDir);
const { default: init, WutsClient, WutsError } = await import(pathToFileURL(path.join(pkg, "index.js")).href);
await init({ module_or_path: await readFile(path.join(pkg, "wuts_status_bg.wasm")) });

const fixtures = new URL("../fixtures/", import.meta.url);
const token = randomUUID();
const client = new WutsClient({ baseUrl, token, retry: false });
const send = { text: (b) => client.publishText(b), media: (b) => client.publishMedia(b), privacy: (b) => client.updatePrivacy(b) };

// Numbers JavaScript cannot hold as written (1.0, integers past 2^53) are not sent: the body
// would differ from the case.
const inexpressible = Symbol("inexpressible");
const reviver = (_key, value, context) =>
  typeof value === "number" && (/[.eE]/.test(context?.source ?? "") ? Number.isInteger(value) : !Number.isSafeInteger(value))
    ? inexpressible
    : value;
const expressible = (v) => v !== inexpressible && (typeof v !== "object" || v === null || Object.values(v).every(expressible));

const failures = [];
const sent = [];
let ran = 0;
for (const part of ["text", "media", "privacy"]) {
  const { cases } = JSON.parse(await readFile(new URL(`${part}.json`, fixtures), "utf8"), reviver);
  if (!cases?.length) throw new Error(`${part}.json has no cases`);
  for (const c of cases) {
    if (!("body" in c) || "limits" in c || !expressible(c.body)) continue;
    ran++;
    const name = `${part}: ${c.name}`;
    const want = (c.problems ?? []).map((p) => [p.field, p.code]);
    try {
      await send[part](c.body);
      if (want.length) failures.push(`${name}: sent, expected ${JSON.stringify(want)}`);
      else sent.push([name, c.normalized ?? c.body]);
    } catch (e) {
      const got = e instanceof WutsError ? e.problems.map((p) => [p.field, p.code]) : String(e);
      if (!want.length) failures.push(`${name}: rejected: ${e?.code} ${e?.message}`);
      else if (e.code !== "invalid_request" || e.status !== 0 || !isDeepStrictEqual(got, want)) {
        failures.push(`${name}: ${e.code} ${e.status} ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
  }
}

const records = await (await fetch(`${baseUrl}/_local/published?token=${token}`)).json();
const bodies = records.items.map((r) => r.body);
if (bodies.length !== sent.length) failures.push(`${bodies.length} records for ${sent.length} valid cases`);
sent.forEach(([name, want], i) => {
  if (!isDeepStrictEqual(bodies[i], want)) failures.push(`${name}: the backend got ${JSON.stringify(bodies[i])}, expected ${JSON.stringify(want)}`);
});
if (ran < 100) failures.push(`only ${ran} cases ran`);
if (failures.length) {
  console.error(`${failures.length} of ${ran} corpus cases failed through the package:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`corpus: ${ran} cases through the package (${sent.length} published, ${ran - sent.length} refused)`);
