// The worker of `fitPhoto` (fit-photo.js): fits the photo it is sent off the page's thread and
// answers `{ fitted }`, or `{ failed }` when it cannot draw here (then the page fits it itself).
// The package ships it bundled into one file, with no imports, so any bundler that copies it
// as it is still gets a worker that runs.
import { fitHere } from "./fit-photo.js";

self.onmessage = async ({ data: { file, options } }) => {
  try {
    if (typeof OffscreenCanvas !== "function") throw new Error("no OffscreenCanvas in this worker");
    self.postMessage({ fitted: await fitHere(file, options) });
  } catch (e) {
    self.postMessage({ failed: String(e?.message ?? e) });
  }
};
