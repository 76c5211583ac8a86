// Registers <wuts-status-composer> on import (where there is a DOM), and exports what
// element.js does.
import { defineComposer } from "./element.js";

export * from "./element.js";

defineComposer();
