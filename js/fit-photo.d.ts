// Types of `wuts-status/fit-photo`: a photo re-encoded in the page to fit a size limit.

/** Longest side of a fitted photo, in pixels, unless `maxSide` says otherwise. */
export declare const MAX_SIDE: number;

/** A photo re-encoded as JPEG. */
export interface FittedPhoto {
  /** The JPEG, named after the original with a `.jpg` extension. */
  file: File;
  /** Its size in pixels, upright (the EXIF orientation applied). */
  width: number;
  height: number;
  /** The original's size in pixels, upright. */
  originalWidth: number;
  originalHeight: number;
  /** The JPEG quality used, 0 to 1. */
  quality: number;
}

export interface FitOptions {
  /** The size the JPEG must not exceed, in bytes: `limits().maxImageBytes` for a status. */
  maxBytes: number;
  /** Longest side in pixels; default `MAX_SIDE`. */
  maxSide?: number;
}

/**
 * Re-encodes an image file as a JPEG of at most `maxBytes`: decoded by the browser, its longest
 * side capped, the quality then the size stepped down until it fits. `null` when the browser
 * cannot decode the file as an image; when even the smallest attempt is too large, that attempt
 * (its `file.size` tells). The work runs in a module Web Worker (`fit-photo-worker.js`, beside
 * this module; bundlers emit it from `new Worker(new URL(...), { type: "module" })`), or in the
 * calling thread where that worker cannot start or has no `OffscreenCanvas`.
 */
export declare function fitPhoto(file: Blob & { name?: string }, options: FitOptions): Promise<FittedPhoto | null>;

/** The same fitting, always in the calling thread (what the worker runs). */
export declare function fitHere(file: Blob & { name?: string }, options: FitOptions): Promise<FittedPhoto | null>;
