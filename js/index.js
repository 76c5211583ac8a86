// The package entry: init, the builders, WutsClient and the editor reviews from the wasm-bindgen
// module, and WutsError from its snippet (js/runtime.js), so the class callers import is the very
// one the wasm throws. Named one by one: the module's other exports are internals.
import { MediaStatus, checkFile, fileError } from "./wuts_status.js";
import { describe } from "@RUNTIME@";

export {
  default,
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

/** How many first bytes of a file `checkFile` reads: every signature, and an MP4's brands. */
const HEAD_LEN = 64;

// MediaStatus.fromBlob, added here because reading a Blob takes promises, which the wasm leaves
// to JavaScript. The decisions are the wasm's: `checkFile` refuses a file by its first bytes and
// size, so a huge file of no accepted type, or too large, is never read into memory;
// `MediaStatus.fromBytes` sniffs, checks and base64-encodes the whole file.
MediaStatus.fromBlob = async function fromBlob(blob, options) {
  if (!(blob instanceof Blob)) throw fileError();
  const bytes = async (part) => {
    try {
      return new Uint8Array(await part.arrayBuffer());
    } catch (e) {
      throw fileError(describe(e));
    }
  };
  checkFile(await bytes(blob.slice(0, HEAD_LEN)), blob.size);
  return MediaStatus.fromBytes(await bytes(blob), options);
};
