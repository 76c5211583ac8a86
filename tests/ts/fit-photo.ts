// Uses `wuts-status/fit-photo`, type-checked with `tsc --strict` (never run).
import { fitHere, fitPhoto, MAX_SIDE, type FitOptions, type FittedPhoto } from "wuts-status/fit-photo";
import { limits } from "wuts-status";

export async function fit(file: File): Promise<File> {
  const options: FitOptions = { maxBytes: limits().maxImageBytes, maxSide: MAX_SIDE };
  const fitted: FittedPhoto | null = await fitPhoto(file, options);
  const here: FittedPhoto | null = await fitHere(file, { maxBytes: options.maxBytes });
  if (!fitted || !here) return file;
  const { width, height, originalWidth, originalHeight, quality } = fitted;
  console.log(`${originalWidth}x${originalHeight} -> ${width}x${height} at ${quality}`);
  return fitted.file;
}
