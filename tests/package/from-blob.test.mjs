// MediaStatus.fromBlob through the built package, under Node 22's Blob and File: the reading
// (in the package entry) with the wasm's checks. A refused file must be judged by its first
// bytes and size alone, never read whole.
// Usage: WUTS_PKG=<package dir> node --test tests/package/from-blob.test.mjs
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pkg, rejection, wuts } from "./package.mjs";

const { default: init, MediaStatus, WutsError } = wuts;

const PNG = Uint8Array.from(Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
const MIB = 1024 * 1024;

/** A file of `size` bytes starting with `head`, that records which parts of it are read. */
class Spy extends Blob {
  reads = [];
  constructor(head, size, type = "") {
    const body = new Uint8Array(size);
    body.set(head);
    super([body], { type });
  }
  slice(start, end) {
    const part = super.slice(start, end);
    const reads = this.reads;
    return Object.assign(part, { arrayBuffer: () => (reads.push(part.size), Blob.prototype.arrayBuffer.call(part)) });
  }
  arrayBuffer() {
    this.reads.push(this.size);
    return super.arrayBuffer();
  }
}

before(async () => {
  await init({ module_or_path: await readFile(path.join(pkg, "wuts_status_bg.wasm")) });
});

test("a file becomes inline media with its sniffed type, whatever the file claims", async () => {
  const file = new File([PNG], "menu.jpg", { type: "image/jpeg" });
  const status = await MediaStatus.fromBlob(file, { caption: "new menu" });
  assert.ok(status instanceof MediaStatus);
  assert.deepEqual(status.validate(), []);
  assert.deepEqual(status.toJSON(), {
    data: Buffer.from(PNG).toString("base64"),
    mime_type: "image/png",
    caption: "new menu",
  });
});

test("a file too large for its kind is refused from its first bytes and size", async () => {
  const big = new Spy(PNG, 6 * MIB, "image/png");
  const e = await rejection(MediaStatus.fromBlob(big));
  assert.equal(e.code, "invalid_request");
  assert.equal(e.field, "data");
  assert.deepEqual(e.problems.map((p) => p.code), ["too_large"]);
  assert.deepEqual(big.reads, [64]);

  // The same size is fine for a video.
  const video = new Spy(Buffer.from("00000018667479706d703432", "hex"), 6 * MIB);
  const status = await MediaStatus.fromBlob(video);
  assert.equal(status.toJSON().mime_type, "video/mp4");
  assert.deepEqual(video.reads, [64, 6 * MIB]);
});

test("a file of no accepted type is refused without being read", async () => {
  const gif = new Spy(Buffer.from("GIF89a"), 20 * MIB, "image/gif");
  const e = await rejection(MediaStatus.fromBlob(gif, { caption: "x" }));
  assert.deepEqual(e.problems.map((p) => [p.field, p.code]), [["data", "unsupported"]]);
  assert.deepEqual(gif.reads, [64]);
});

test("a HEIC photo or a QuickTime movie is refused by its brands, saying what it is, without being read", async () => {
  const fixtures = new URL("../fixtures/media/", import.meta.url);
  for (const [name, says] of [["photo.heic", "is a HEIC photo"], ["quicktime.mov", "is a QuickTime movie (MOV)"]]) {
    const file = new Spy(await readFile(new URL(name, fixtures)), 8 * MIB, "video/mp4");
    const e = await rejection(MediaStatus.fromBlob(file));
    assert.deepEqual(e.problems.map((p) => [p.field, p.code]), [["data", "unsupported"]], name);
    assert.ok(e.message.includes(says), e.message);
    assert.deepEqual(file.reads, [64], name);
  }
});

test("what is not a Blob, or cannot be read, is refused on the data field", async () => {
  for (const value of [PNG, "iVBORw0KGgo=", null, undefined, { size: 10 }]) {
    const e = await rejection(MediaStatus.fromBlob(value));
    assert.deepEqual(e.problems.map((p) => [p.field, p.code]), [["data", "wrong_type"]], String(value));
    assert.match(e.message, /Blob or a File/);
  }

  class Unreadable extends Blob {
    slice() {
      return Object.assign(super.slice(), { arrayBuffer: () => Promise.reject(new Error("the file was moved")) });
    }
  }
  const e = await rejection(MediaStatus.fromBlob(new Unreadable([PNG])));
  assert.deepEqual(e.problems.map((p) => [p.field, p.code]), [["data", "invalid"]]);
  assert.match(e.message, /could not be read: the file was moved/);
});
