// The composer widget's types: `wuts-status/composer`, which registers the element on import.
export * from "./composer/element.js";
