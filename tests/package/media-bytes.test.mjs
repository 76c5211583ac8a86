// Media from a file's bytes through the built package under Node 22, publishing to a real
// wuts-local: the bytes are kept (a copy), encoded when sent, in slices (Node 22's Uint8Array
// has no toBase64, so the wasm's encoder makes each), with progress, and an aborted signal stops
// it before anything is sent.
// Usage: WUTS_PKG=<package dir> WUTS_URL=<wuts-local> node --test tests/package/media-bytes.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pkg, rejection, wuts } from "./package.mjs";

const URL_ = process.env.WUTS_URL ?? assert.fail("WUTS_URL is not set: run scripts/test/package.sh");
const TOKEN = "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71";
const { default: init, MediaStatus, WutsClient, WutsError } = wuts;

const MIB = 1024 * 1024;

/** A real MP4 (the corpus' isom.mp4) grown to `size` bytes by a `free` box of varied bytes. */
async function video(size) {
  const mp4 = await readFile(new URL("../fixtures/media/isom.mp4", import.meta.url));
  const bytes = new Uint8Array(size);
  bytes.set(mp4);
  for (let i = mp4.length + 8; i < size; i++) bytes[i] = (i * 31) & 0xff;
  new DataView(bytes.buffer).setUint32(mp4.length, size - mp4.length);
  bytes.set(Buffer.from("free"), mp4.length + 4);
  return bytes;
}

async function received() {
  const { items } = await (await fetch(`${URL_}/_local/published?token=${TOKEN}`)).json();
  return items.filter((item) => item.kind === "media");
}

const client = () => new WutsClient({ baseUrl: URL_, token: TOKEN });

const reset = () => fetch(`${URL_}/_local/reset`, { method: "POST", body: "{}" });
before(async () => {
  await init({ module_or_path: await readFile(path.join(pkg, "wuts_status_bg.wasm")) });
  await reset();
});
// The package test counts what its later steps publish.
after(reset);

test("a video's bytes reach wuts-local whole, encoded a slice at a time, with progress", async () => {
  // Not a whole number of slices, nor of base64 groups: the slices' joins and the last padding.
  const bytes = await video(2 * MIB + 1);
  const status = MediaStatus.fromBytes(bytes, { caption: "new menu" });
  const heard = [];
  const published = await client().publishMedia(status, { onProgress: (p) => heard.push(p) });
  assert.equal(published.statusType, "video");

  const [item] = await received();
  assert.equal(item.body.data, Buffer.from(bytes).toString("base64"));
  assert.equal(item.body.mime_type, "video/mp4");
  assert.equal(item.body.caption, "new menu");

  const preparing = heard.filter((p) => p.stage === "preparing");
  assert.ok(preparing.length >= 2, "more than one slice");
  assert.deepEqual(preparing.map((p) => p.total), preparing.map(() => bytes.length));
  const loaded = preparing.map((p) => p.loaded);
  assert.deepEqual(loaded, [...loaded].sort((a, b) => a - b));
  assert.equal(loaded.at(-1), bytes.length);
  assert.deepEqual(heard.at(-1), { stage: "sending" });
  assert.equal(heard.filter((p) => p.stage === "sending").length, 1);
});

test("the status keeps a copy of the bytes: changing them afterwards changes nothing", async () => {
  const bytes = await video(4096);
  const want = Buffer.from(bytes).toString("base64");
  const status = MediaStatus.fromBytes(bytes);
  bytes.fill(0);
  assert.equal(status.toJSON().data, want);
  assert.deepEqual(status.validate(), []);
  // A caption set later is checked with the rest, against the file's own first bytes.
  status.caption("x".repeat(1025));
  assert.deepEqual(status.validate().map((p) => [p.field, p.code]), [["caption", "too_long"]]);
  status.mimeType("image/png");
  assert.deepEqual(status.validate().map((p) => [p.field, p.code]), [["data", "mismatch"], ["caption", "too_long"]]);
  const e = await rejection(client().publishMedia(status));
  assert.equal(e.code, "invalid_request");
  assert.equal(e.status, 0);
});

test("a file too large and a bad caption are refused together, from the first bytes and the length", () => {
  const bytes = new Uint8Array(16 * MIB + 1);
  bytes.set(Buffer.from("00000018667479706d703432", "hex"));
  let e;
  try {
    MediaStatus.fromBytes(bytes, { caption: "x".repeat(1025) });
  } catch (err) {
    e = err;
  }
  assert.ok(e instanceof WutsError);
  assert.deepEqual(e.problems.map((p) => [p.field, p.code]), [["data", "too_large"], ["caption", "too_long"]]);
  assert.match(e.problems[0].message, /^is 16 MiB \(16777217 bytes\) once decoded; the video limit is 16 MiB/);
});

test("what is not a Uint8Array is refused on the data field", () => {
  for (const value of [[0x89, 0x50], "iVBORw0KGgo=", null, new ArrayBuffer(8)]) {
    assert.throws(() => MediaStatus.fromBytes(value), (e) => e instanceof WutsError && e.field === "data" && e.problems[0].code === "wrong_type" && /Uint8Array/.test(e.message));
  }
});

test("an aborted signal stops the publish before anything is sent", async () => {
  const before = (await received()).length;
  const controller = new AbortController();
  const heard = [];
  const status = MediaStatus.fromBytes(await video(3 * MIB));
  const publishing = client().publishMedia(status, {
    signal: controller.signal,
    onProgress: (p) => {
      heard.push(p.stage);
      controller.abort(); // after the first slice
    },
  });
  const e = await rejection(publishing);
  assert.equal(e.code, "aborted");
  assert.deepEqual(heard, ["preparing"], "stopped after the first slice, before sending");
  assert.equal((await received()).length, before);
});

test("onProgress must be a function", async () => {
  const e = await rejection(client().publishMedia(MediaStatus.fromBytes(await video(4096)), { onProgress: "yes" }));
  assert.equal(e.field, "onProgress");
  assert.equal(e.problems[0].code, "wrong_type");
});
