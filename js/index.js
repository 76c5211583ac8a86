// The package entry: init, the builders, WutsClient and the editor reviews from the wasm-bindgen
// module, and WutsError from its snippet (js/runtime.js), so the class callers import is the very
// one the wasm throws. Named one by one: the module's other exports are internals.
import load, { MediaStatus, checkFile, fileError, fileStatus, limits } from "./wuts_status.js";
import { describe } from "@RUNTIME@";

export {
  initSync,
  limits,
  reviewMedia,
  reviewPrivacyList,
  MediaStatus,
  StatusPrivacy,
  TextStatus,
  WutsClient,
} from "./wuts_status.js";
export { WutsError } from "@RUNTIME@";

// `init()` with no argument loads the .wasm beside this module. Node's fetch cannot read
// `file:` URLs, so there it reads the file itself (`getBuiltinModule` rather than an import of
// `fs`, which would pull Node into browser bundles; the URL is built from a string so bundlers do
// not emit the .wasm a second time). A failed load says what to do.
export default async function init(input) {
  try {
    const here = import.meta.url;
    const fs = input === undefined && here.startsWith("file:") && globalThis.process?.getBuiltinModule?.("fs");
    if (fs) input = { module_or_path: fs.readFileSync(new URL(here.replace(/[^/]*$/, "wuts_status_bg.wasm"))) };
    return await load(input);
  } catch (e) {
    throw new Error(
      `wuts-status could not load wuts_status_bg.wasm (${e.message}): serve it beside index.js or pass its URL or bytes, init({ module_or_path }); README: "Using it with your bundler"`,
      { cause: e },
    );
  }
}

// MediaStatus.fromBlob, added here because reading a Blob takes promises, which the wasm leaves
// to JavaScript. The decisions are the wasm's: `checkFile` refuses a file by its first bytes and
// size, so a huge file of no accepted type, or too large, is never read into memory;
// `fileStatus` checks the whole file by the same rules, as `MediaStatus.fromBytes` does, and
// keeps the bytes just read (no copy), which `publishMedia` encodes in slices as it sends them.
MediaStatus.fromBlob = async function fromBlob(blob, options) {
  if (!(blob instanceof Blob)) throw fileError();
  const bytes = async (part) => {
    try {
      return new Uint8Array(await part.arrayBuffer());
    } catch (e) {
      throw fileError(describe(e));
    }
  };
  // The first bytes `checkFile` reads (every signature, and an MP4's brands), by the wasm's count.
  checkFile(await bytes(blob.slice(0, limits().headBytes)), blob.size);
  return fileStatus(await bytes(blob), options);
};
