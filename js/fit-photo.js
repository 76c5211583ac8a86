// Fits a photo to a size limit in the page, as WhatsApp's own app does before sending: the
// browser decodes it (createImageBitmap, which turns the picture upright by its EXIF
// orientation), it is drawn with its longest side at most MAX_SIDE pixels and encoded to JPEG,
// the quality stepped down, then the size, until the file fits. The limit is the caller's (the
// composer passes the wasm's `limits().maxImageBytes`), and the caller has the result judged
// by the wasm like any other file: this module holds no rule of the contract.
//
// The work (decoding, drawing, encoding each attempt) runs in a module Web Worker,
// fit-photo-worker.js beside this module, so the page stays responsive; where that worker
// cannot start or cannot draw (no OffscreenCanvas in workers, or a bundler that did not emit
// the file), the same steps run here.

/** Longest side of a fitted photo, in pixels: a phone screen's height at full resolution. */
export const MAX_SIDE = 2048;
/** JPEG qualities tried at each size, best first. */
const QUALITIES = [0.9, 0.8, 0.7, 0.6, 0.5];
/** Each new size is this much of the last, down to MIN_SIDE. */
const SHRINK = 0.75;
const MIN_SIDE = 320;

/**
 * Re-encodes `file` as a JPEG of at most `maxBytes`. Resolves to null when the browser cannot
 * decode the file as an image (a HEIC photo in most browsers); otherwise to the first attempt
 * that fits, or the smallest one made when none does.
 */
export async function fitPhoto(file, { maxBytes, maxSide = MAX_SIDE }) {
  try {
    return await inWorker(file, { maxBytes, maxSide });
  } catch {
    return fitHere(file, { maxBytes, maxSide });
  }
}

/** `fitHere` in a worker of its own, ended once it answers; rejects when the worker fails. */
function inWorker(file, options) {
  return new Promise((resolve, reject) => {
    // The pattern every bundler knows: the worker is emitted (and bundled) beside this module.
    const worker = new Worker(new URL("./fit-photo-worker.js", import.meta.url), { type: "module" });
    const end = (settle, value) => {
      worker.terminate();
      settle(value);
    };
    worker.onmessage = ({ data }) => (data.failed ? end(reject, data.failed) : end(resolve, data.fitted));
    worker.onerror = worker.onmessageerror = (e) => end(reject, e);
    worker.postMessage({ file, options });
  });
}

/** The fitting itself, in whatever thread calls it. */
export async function fitHere(file, { maxBytes, maxSide = MAX_SIDE }) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null;
  }
  try {
    const { width, height } = bitmap;
    const longest = Math.max(width, height);
    let side = Math.min(maxSide, longest);
    for (;;) {
      const scale = side / longest;
      const w = Math.max(1, Math.round(width * scale));
      const h = Math.max(1, Math.round(height * scale));
      const canvas = surface(w, h);
      const ctx = canvas.getContext("2d");
      // JPEG has no transparency: what was transparent becomes white, not black.
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, w, h);
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(bitmap, 0, 0, w, h);
      let blob;
      for (const quality of QUALITIES) {
        blob = await encode(canvas, quality);
        if (blob.size <= maxBytes || (quality === QUALITIES.at(-1) && side <= MIN_SIDE)) {
          const name = `${(file.name || "photo").replace(/\.[^.]*$/, "")}.jpg`;
          return {
            file: new File([blob], name, { type: "image/jpeg" }),
            width: w,
            height: h,
            originalWidth: width,
            originalHeight: height,
            quality,
          };
        }
      }
      side = Math.max(MIN_SIDE, Math.round(side * SHRINK));
    }
  } finally {
    bitmap.close();
  }
}

/** A canvas off the page where there is one (also in workers), else an element. */
function surface(width, height) {
  if (typeof OffscreenCanvas === "function") return new OffscreenCanvas(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function encode(canvas, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: "image/jpeg", quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not encode a JPEG"))), "image/jpeg", quality),
  );
}
