// What the package tests share: the built package, loaded from WUTS_PKG (default pkg/), and
// the WutsError a promise rejects with.
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const pkg = path.resolve(process.env.WUTS_PKG ?? "pkg");
export const wuts = await import(pathToFileURL(path.join(pkg, "index.js")).href);

/** The WutsError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof wuts.WutsError, `not a WutsError: ${e}`);
    return e;
  }
  assert.fail("resolved");
}
