// A caller's base64 string through the built package under Node 22, where it takes the fast
// paths: the glue's copy of a long ASCII string by TextEncoder.encodeInto (and its fall back to
// the character loop for any other string), and the wasm's simd128 block scan. Property tests
// over seeded random inputs: valid base64 of every length up to a few blocks is accepted whole,
// and one character changed anywhere (ASCII or not, in any lane, vector or block) gets the very
// problem the rules name, at the position (in UTF-8 bytes) the change was made.
// Usage: WUTS_PKG=<package dir> node --test tests/package/base64.test.mjs
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pkg, wuts } from "./package.mjs";

const { default: init, MediaStatus, TextStatus } = wuts;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];

before(async () => {
  await init({ module_or_path: await readFile(path.join(pkg, "wuts_status_bg.wasm")) });
});

/** xorshift32: the same cases on every run. */
function random(seed) {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** Standard padded base64 of a PNG's signature followed by `length` random bytes. */
function pngBase64(rand, length) {
  const bytes = Buffer.from([...PNG, ...Array.from({ length }, () => rand(256))]);
  return bytes.toString("base64");
}

const utf8Length = (s) => Buffer.byteLength(s, "utf8");
const problems = (data) => MediaStatus.fromBase64(data, "image/png").validate();

/** What the rules say of a stray character `c` at UTF-8 position `at`. */
function expected(c, at) {
  if (/^\s$/.test(c) && c.charCodeAt(0) < 0x80) return `has white space at position ${at}: remove line breaks and spaces`;
  if (c === "-" || c === "_") return `uses the URL-safe alphabet ('${c}' at position ${at}): use standard base64 with '+' and '/'`;
  return `has a character that is not base64 at position ${at}`;
}

test("valid base64 of every length is accepted, and is the body's data unchanged", () => {
  const rand = random(0x2545f491);
  for (let length = 0; length < 400; length++) {
    const data = pngBase64(rand, length);
    assert.deepEqual(problems(data), [], `${data.length} characters`);
    assert.equal(MediaStatus.fromBase64(data, "image/png").toJSON().data, data);
  }
});

test("one character changed anywhere is refused at its position, ASCII or not", () => {
  const rand = random(0x9e3779b9);
  // Stray characters: ASCII ones of each kind the rules name, and others that are one, two,
  // three and four bytes in UTF-8 (the last a surrogate pair in JavaScript).
  const strays = ["*", " ", "\n", "\t", "-", "_", ".", ",", "\u0000", "\u007f", "é", "\u00ff", "€", "😀"];
  for (let round = 0; round < 2000; round++) {
    const data = pngBase64(rand, 16 + rand(600));
    const at = rand(data.length);
    const c = strays[rand(strays.length)];
    const changed = data.slice(0, at) + c + data.slice(at + 1);
    const got = problems(changed);
    assert.deepEqual(got.map((p) => [p.field, p.code]), [["data", "invalid"]], JSON.stringify({ at, c, got }));
    assert.equal(got[0].message, expected(c, utf8Length(data.slice(0, at))), JSON.stringify({ at, c, length: data.length }));
  }
});

test("a dropped character is refused by the length, after the alphabet scan found nothing", () => {
  const rand = random(0x1b873593);
  for (let round = 0; round < 300; round++) {
    const data = pngBase64(rand, 16 + rand(600));
    const at = rand(data.length);
    const changed = data.slice(0, at) + data.slice(at + 1);
    assert.deepEqual(problems(changed).map((p) => p.message),
      [`is ${changed.length} characters long, not a multiple of 4: standard base64 is padded with '='`]);
  }
});

test("long strings reach the wasm whole, whether ASCII or not", () => {
  // Over and under the length where the glue's copy changes hands, with a non-ASCII character
  // first, last, or nowhere.
  for (const length of [1, 63, 64, 65, 200, 699]) {
    for (const text of ["a".repeat(length), `é${"a".repeat(length - 1)}`, `${"a".repeat(length - 1)}😀`]) {
      assert.deepEqual(new TextStatus(text).validate(), [], `${length}`);
      assert.equal(new TextStatus(text).toJSON().text, text, `${length}: ${text.slice(-3)}`);
    }
  }
});
