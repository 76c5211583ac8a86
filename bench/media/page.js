// The page of bench/media.mjs: the composer from the built package, the library path
// (MediaStatus.fromBlob, then publishMedia) and a plain-JavaScript floor, each started by a
// click, with a 5 ms heartbeat and a longtask observer measuring the main thread.
import init, { MediaStatus, WutsClient } from "/pkg/index.js";
import "/pkg/composer.js";

const params = new URLSearchParams(location.search);
const baseUrl = params.get("base-url");
const token = params.get("token");
await init();
const composer = document.getElementById("composer");
composer.baseUrl = baseUrl;
composer.token = token;
const client = new WutsClient({ baseUrl, token });

// The main thread's blocks, seen two ways: the gaps of a 5 ms heartbeat, and longtask entries.
let beats = [];
let longtasks = [];
let timer = 0;
new PerformanceObserver((list) => longtasks.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: "longtask" });
window.bench = {
  start() {
    beats = [performance.now()];
    longtasks = [];
    clearInterval(timer);
    timer = setInterval(() => beats.push(performance.now()), 5);
    window.bench.result = null;
  },
  stop(t0, t1) {
    clearInterval(timer);
    beats.push(performance.now());
    const gaps = beats.slice(1).map((t, i) => t - beats[i]);
    const tasks = longtasks.map(([, d]) => d);
    return {
      // The blocks over 50 ms, as [start, length] from the click: where the time goes.
      blocks: gaps.map((g, i) => [Math.round(beats[i] - t0), Math.round(g)]).filter(([, g]) => g > 50),
      clickToPublished: t1 - t0,
      longestBlock: Math.max(0, ...gaps),
      blockingTime: gaps.reduce((sum, g) => sum + Math.max(0, g - 50), 0),
      longestTask: Math.max(0, ...tasks),
      taskBlockingTime: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    };
  },
  result: null,
};

function finish(t0, error) {
  window.bench.result = { ...window.bench.stop(t0, performance.now()), error: error ? String(error?.message ?? error) : null };
}

composer.addEventListener("click", (e) => {
  if (e.composedPath()[0]?.id === "publish-media") window.bench.t0 = performance.now();
}, true);
composer.addEventListener("wuts-published", () => finish(window.bench.t0));
composer.addEventListener("wuts-error", (e) => finish(window.bench.t0, e.detail.error));

const file = () => document.getElementById("raw").files[0];

document.getElementById("library").addEventListener("click", async () => {
  const t0 = performance.now();
  try {
    const status = await MediaStatus.fromBlob(file());
    await client.publishMedia(status);
    finish(t0);
  } catch (e) {
    finish(t0, e);
  }
});

// What a team would write without the package: check the head, encode with the native
// Uint8Array.prototype.toBase64, send the JSON body as a Blob of parts.
const SIGNATURES = [["video/mp4", 4, [0x66, 0x74, 0x79, 0x70]], ["image/jpeg", 0, [0xff, 0xd8, 0xff]]];
document.getElementById("floor").addEventListener("click", async () => {
  const t0 = performance.now();
  try {
    const f = file();
    const head = new Uint8Array(await f.slice(0, 16).arrayBuffer());
    const type = SIGNATURES.find(([, at, sig]) => sig.every((b, i) => head[at + i] === b))?.[0];
    if (!type) throw new Error("not an accepted type");
    const data = new Uint8Array(await f.arrayBuffer()).toBase64();
    const body = new Blob([`{"data":"`, data, `","mime_type":"${type}"}`]);
    const res = await fetch(`${baseUrl}/status/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
    const answer = await res.json();
    if (!answer.success) throw new Error(JSON.stringify(answer));
    finish(t0);
  } catch (e) {
    finish(t0, e);
  }
});
document.getElementById("done").textContent = "ready";
