// The npm package through real bundlers, as a user gets it: tests/toolchains/app (the entry and
// the composer) built by Vite (production build and dev server), Rollup, esbuild and webpack, each page loaded
// in Debian's Chromium, publishing a text status through the composer to a real wuts-local.
// Each page preloads the .wasm, and must download it once, from that preload. Rollup without
// an asset plugin does not emit the .wasm: the page must then show an error that says what to do.
//
// Env (set by scripts/test/bundlers.sh): TOOLCHAIN_APP, a copy of tests/toolchains/app with the
// packed package installed; LOCAL_URL and TOKEN, the wuts-local to publish to.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { copyFile, readFile, readdir, writeFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { build as viteBuild, createServer as viteServer } from "vite";
import * as vite5 from "vite5";
import * as vite6 from "vite6";
import * as vite7 from "vite7";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";
import { build as esbuild } from "esbuild";
import webpack from "webpack";

const APP = process.env.TOOLCHAIN_APP ?? fail("TOOLCHAIN_APP is not set: run scripts/test/bundlers.sh");
const LOCAL_URL = process.env.LOCAL_URL ?? fail("LOCAL_URL is not set");
const TOKEN = process.env.TOKEN ?? fail("TOKEN is not set");
// Apps beside TOOLCHAIN_APP: VITE_APPS/vite5, vite6 and vite7 (the app with the README's
// vite.config.js for that version), REACT_APP (tests/toolchains/react), and NEXT_URL, the
// Next.js app (tests/toolchains/next) under `next start`.
const VITE_APPS = process.env.VITE_APPS ?? fail("VITE_APPS is not set");
const REACT_APP = process.env.REACT_APP ?? fail("REACT_APP is not set");
const NEXT_URL = process.env.NEXT_URL ?? fail("NEXT_URL is not set");

function fail(message) {
  throw new Error(message);
}

let browser;
const closers = [];
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
after(async () => {
  await browser?.close();
  for (const close of closers) await close();
});

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
/** Serves `dir` as a static site on a free port, as any host would; returns its URL. */
async function serve(dir) {
  const server = createHttpServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}/`;
}

/**
 * Builds the app with Rollup and writes its page beside the bundle, the preload pointed at the
 * .wasm Rollup emitted (as an HTML plugin would), or removed when none was; returns the folder.
 */
async function rollupBuild(outName, plugins) {
  const dir = join(APP, outName);
  const bundle = await rollup({ input: join(APP, "main.js"), plugins, onwarn: () => {} });
  const { output } = await bundle.write({ dir, format: "es" });
  await bundle.close();
  const wasm = output.find((file) => file.fileName.endsWith(".wasm"));
  const preload = /<link rel="preload" href="[^"]*"/;
  let html = await readFile(join(APP, "index.html"), "utf8");
  assert.match(html, preload);
  html = wasm ? html.replace(preload, `<link rel="preload" href="/${wasm.fileName}"`) : html.replace(/ *<link rel="preload"[^>]*>\n/, "");
  await writeFile(join(dir, "index.html"), html);
  return dir;
}

/** Opens the app at `url` and reports what the page did: console errors, failed requests, the wasm's answer. */
async function open(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  const wasm = [];
  page.on("response", (res) => {
    if (new URL(res.url()).pathname.endsWith(".wasm")) wasm.push(res);
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const address = new URL(url);
  address.searchParams.set("base-url", LOCAL_URL);
  address.searchParams.set("token", TOKEN);
  await page.goto(address.href);
  await page.waitForSelector("body[data-wasm]");
  return { page, context, problems, wasm };
}

/**
 * Publishes a text status through the composer on `url` and checks wuts-local received it.
 * `preload`: the page preloads the .wasm, and init() must use that download. `reported`: the
 * page reports the `wuts-published` event's message id as `data-published` on its body.
 */
async function publishThrough(url, text, { preload = true, reported = false } = {}) {
  const { page, context, problems, wasm } = await open(url);
  try {
    const state = await page.locator("body").getAttribute("data-wasm");
    if (state !== "ready") assert.fail(`init() failed: ${await page.locator("#failure").textContent()}`);
    await page.getByLabel("Status text").fill(text);
    await page.getByRole("button", { name: "Publish text status" }).click();
    await page.getByText("Text status published.").waitFor();

    const items = (await (await fetch(`${LOCAL_URL}/_local/published?token=${TOKEN}`)).json()).items;
    assert.ok(items.some((item) => item.body?.text === text), `wuts-local did not receive "${text}"`);
    assert.equal(wasm.length, 1, `the page fetched ${wasm.length} .wasm files`);
    assert.equal(wasm[0].status(), 200);
    assert.equal(wasm[0].headers()["content-type"], "application/wasm");
    // Downloaded once, by the page's preload, and that download is the one init() used.
    const initiators = await page.evaluate(() => performance.getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).pathname.endsWith(".wasm")).map((entry) => entry.initiatorType));
    assert.deepEqual(initiators, [preload ? "link" : "fetch"]);
    if (reported) {
      const published = await page.locator("body").getAttribute("data-published");
      assert.ok(items.some((item) => item.body?.text === text && item.message_id === published),
        `the page reported message id ${published}, not the one wuts-local gave "${text}"`);
    }
    assert.deepEqual(problems, [], "the page logged errors or warnings");
  } finally {
    await context.close();
  }
}

/** Asserts that the build in `dir` emitted the photo fitting's worker (found by a sentence of its code). */
async function assertWorkerEmitted(dir, bundler) {
  const files = await readdir(dir, { recursive: true });
  const sources = await Promise.all(files.filter((f) => f.endsWith(".js")).map((f) => readFile(join(dir, f), "utf8")));
  assert.ok(sources.some((s) => s.includes("no OffscreenCanvas in this worker")), `${bundler} emitted no fit-photo-worker.js`);
}

test("Vite: a production build publishes through the composer", async () => {
  const outDir = join(APP, "dist-vite");
  await viteBuild({ root: APP, configFile: false, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  await assertWorkerEmitted(outDir, "Vite");
  await publishThrough(await serve(outDir), "published through a Vite build");
});

test("Vite: the dev server publishes through the composer", async () => {
  const server = await viteServer({
    root: APP,
    configFile: false,
    logLevel: "warn",
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  });
  closers.push(() => server.close());
  await server.listen();
  await publishThrough(server.resolvedUrls.local[0], "published through the Vite dev server");
});

test("Rollup with @web/rollup-plugin-import-meta-assets publishes through the composer", async () => {
  const dir = await rollupBuild("dist-rollup", [nodeResolve(), importMetaAssets()]);
  await assertWorkerEmitted(dir, "Rollup");
  await publishThrough(await serve(dir), "published through a Rollup build");
});

test("esbuild, with the .wasm copied beside the bundle, publishes through the composer", async () => {
  const dir = join(APP, "dist-esbuild");
  await esbuild({ entryPoints: [join(APP, "main.js")], bundle: true, format: "esm", outdir: dir, logLevel: "warning" });
  await copyFile(join(APP, "node_modules/wuts-status/wuts_status_bg.wasm"), join(dir, "wuts_status_bg.wasm"));
  const html = await readFile(join(APP, "index.html"), "utf8");
  await writeFile(join(dir, "index.html"), html.replace(/<link rel="preload" href="[^"]*"/, '<link rel="preload" href="/wuts_status_bg.wasm"'));
  await publishThrough(await serve(dir), "published through an esbuild bundle");
});

test("webpack 5 publishes through the composer", async () => {
  const dir = join(APP, "dist-webpack");
  const stats = await new Promise((resolve, reject) => {
    webpack({ mode: "production", context: APP, entry: "./main.js", output: { path: dir, publicPath: "/" } },
      (err, result) => (err ? reject(err) : resolve(result)));
  });
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  const wasm = stats.toJson({ assets: true }).assets.find((asset) => asset.name.endsWith(".wasm"));
  assert.ok(wasm, "webpack emitted no .wasm");
  // As html-webpack-plugin writes the page: a deferred classic script, and the preload at the
  // emitted file.
  const html = (await readFile(join(APP, "index.html"), "utf8"))
    .replace(/<link rel="preload" href="[^"]*"/, `<link rel="preload" href="/${wasm.name}"`)
    .replace('<script type="module" src="./main.js"></script>', '<script defer src="/main.js"></script>');
  await writeFile(join(dir, "index.html"), html);
  await assertWorkerEmitted(dir, "webpack");
  await publishThrough(await serve(dir), "published through a webpack bundle");
});

test("Rollup without an asset plugin: the page's error says what to do", async () => {
  const dir = await rollupBuild("dist-rollup-bare", [nodeResolve()]);
  const { page, context } = await open(await serve(dir));
  try {
    assert.equal(await page.locator("body").getAttribute("data-wasm"), "failed");
    const message = await page.locator("#failure").textContent();
    assert.match(message, /could not load wuts_status_bg\.wasm \(failed to fetch Wasm: 404/);
    assert.match(message, /init\(\{ module_or_path \}\)/);
    assert.match(message, /"Using it with your bundler"/);
  } finally {
    await context.close();
  }
});

for (const [version, api] of [[5, vite5], [6, vite6], [7, vite7]]) {
  const root = join(VITE_APPS, `vite${version}`);
  const configFile = join(root, "vite.config.js");

  test(`Vite ${version} with the README's vite.config.js: a production build publishes through the composer`, async () => {
    const outDir = join(root, "dist");
    await api.build({ root, configFile, logLevel: "warn", build: { outDir, emptyOutDir: true } });
    await publishThrough(await serve(outDir), `published through a Vite ${version} build`);
  });

  test(`Vite ${version} with the README's vite.config.js: the dev server publishes through the composer`, async () => {
    const server = await api.createServer({
      root,
      configFile,
      logLevel: "warn",
      server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
    });
    closers.push(() => server.close());
    await server.listen();
    await publishThrough(server.resolvedUrls.local[0], `published through the Vite ${version} dev server`);
  });
}

test("a React 19 app built by Vite 8 publishes through the composer, its event reaching React", async () => {
  const outDir = join(REACT_APP, "dist");
  await viteBuild({ root: REACT_APP, configFile: join(REACT_APP, "vite.config.ts"), logLevel: "warn",
    build: { outDir, emptyOutDir: true } });
  await publishThrough(await serve(outDir), "published through a React app", { reported: true });
});

test("a Next.js App Router app under next start publishes through the composer, its event reaching the listener an effect added", async () => {
  await publishThrough(NEXT_URL, "published through a Next.js app", { preload: false, reported: true });
});
