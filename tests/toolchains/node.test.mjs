// The npm package in Node 22, installed from its tarball: `await init()` with no argument,
// the error of a class used before `init()`, the error of a .wasm that cannot be loaded, and
// the composer's entries imported where there is no DOM. Each case runs in a fresh Node process,
// since a module initializes once per process.
//
// Env (set by scripts/test/bundlers.sh): TOOLCHAIN_APP, a folder with the packed package installed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const APP = process.env.TOOLCHAIN_APP ?? fail("TOOLCHAIN_APP is not set: run scripts/test/bundlers.sh");

function fail(message) {
  throw new Error(message);
}

/** Runs `source` as an ES module in the app folder (so `wuts-status` is the installed package). */
function run(source) {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", source], { cwd: APP, encoding: "utf8" });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

test("await init() with no argument reads the .wasm beside the package", () => {
  const { status, stdout, stderr } = run(`
    import init, { TextStatus } from "wuts-status";
    const exports = await init();
    // The wasm's exports, whose short names change from build to build: its memory among them.
    const memory = Object.values(exports).some((e) => e instanceof WebAssembly.Memory);
    console.log(memory, JSON.stringify(new TextStatus("hello").font(1).toJSON()));
  `);
  assert.equal(status, 0, stderr);
  assert.equal(stdout.trim(), `true {"text":"hello","font":1}`);
});

test("init() twice, or after initSync, gives the same instance", () => {
  const { status, stdout, stderr } = run(`
    import init from "wuts-status";
    const [a, b] = await Promise.all([init(), init()]);
    console.log(a === b && a === (await init()));
  `);
  assert.equal(status, 0, stderr);
  assert.equal(stdout.trim(), "true");
});

test("a class used before init() throws an error that says to call init()", () => {
  const { status, stdout, stderr } = run(`
    import { TextStatus, StatusPrivacy, limits } from "wuts-status";
    for (const use of [() => new TextStatus("x"), () => StatusPrivacy.contacts(), () => limits()]) {
      try { use(); console.log("no error"); } catch (err) { console.log(err.constructor.name + ": " + err.message); }
    }
  `);
  assert.equal(status, 0, stderr);
  const want = "Error: wuts-status is not initialized: call `await init()` first";
  assert.deepEqual(stdout.trim().split("\n"), [want, want, want]);
});

test("uncaught, that error prints a short source line, not the whole minified module", () => {
  const { status, stderr } = run(`import { TextStatus } from "wuts-status"; new TextStatus("x");`);
  assert.notEqual(status, 0);
  assert.match(stderr, /Error: wuts-status is not initialized: call `await init\(\)` first/);
  const longest = Math.max(...stderr.split("\n").map((line) => line.length));
  assert.ok(longest <= 300, `stderr has a ${longest}-character line`);
});

test("a .wasm that cannot be loaded rejects with what to do, and the cause", () => {
  const { status, stdout, stderr } = run(`
    import init from "wuts-status";
    try {
      await init({ module_or_path: "http://127.0.0.1:9/missing.wasm" });
    } catch (err) {
      console.log(err.message);
      console.log(err.cause instanceof Error);
    }
  `);
  assert.equal(status, 0, stderr);
  const [message, hasCause] = stdout.trim().split("\n");
  assert.match(message, /^wuts-status could not load wuts_status_bg\.wasm \(fetch failed\): serve it beside index\.js or pass its URL or bytes, init\(\{ module_or_path \}\); README: "Using it with your bundler"$/);
  assert.equal(hasCause, "true");
});

test("the composer entry imports where there is no DOM: it defines nothing and throws nothing", () => {
  const { status, stdout, stderr } = run(`
    const composer = await import("wuts-status/composer");
    console.log(Object.keys(composer).sort().join(","), composer.TAG, typeof globalThis.customElements,
      typeof globalThis.HTMLElement, typeof composer.WutsStatusComposer);
  `);
  assert.equal(status, 0, stderr);
  assert.equal(stdout.trim(), "TAG,WutsStatusComposer,defineComposer,mount wuts-status-composer undefined undefined function");
  assert.equal(stderr, "");
});

test("the side-effect-free entry imports where there is no DOM, and defineComposer() does nothing there", () => {
  const { status, stdout, stderr } = run(`
    const element = await import("wuts-status/composer/element");
    console.log(Object.keys(element).sort().join(","), element.defineComposer(), typeof globalThis.customElements);
  `);
  assert.equal(status, 0, stderr);
  assert.equal(stdout.trim(), "TAG,WutsStatusComposer,defineComposer,mount undefined undefined");
  assert.equal(stderr, "");
});
