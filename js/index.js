// The package entry: the wasm-bindgen module (init, the builders, WutsClient) and WutsError.
export * from "./wuts_status.js";
export { default } from "./wuts_status.js";
export { WutsError } from "@WUTS_ERROR@";
