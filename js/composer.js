// `wuts-status/composer`: the composer widget, registered as <wuts-status-composer> on import.
// `wuts-status/composer/element` is the same without registering (composer/element.js).
export * from "./composer/define.js";
