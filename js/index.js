// The package entry: init, the builders, WutsClient and the editor reviews from the wasm-bindgen
// module, and WutsError from its snippet (js/runtime.js), so the class callers import is the very
// one the wasm throws. Named one by one: the module's other exports are the fetch client's
// internals.
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
export { WutsError } from "@WUTS_ERROR@";
