// The text panel: a text status with its background colour and font, a character counter and a
// live preview drawn as WhatsApp draws it.
import { TextStatus } from "../index.js";
import { Panel } from "./panel.js";

// How the preview draws WhatsApp's font ids. The ids themselves come from the wasm; an id
// without a look here is still offered, drawn in the default face.
const FONT_LOOKS = {
  0: ["Sans", "system-ui, 'Segoe UI', Roboto, sans-serif", 400],
  1: ["Serif", "Georgia, 'Times New Roman', serif", 400],
  2: ["Script", "'Brush Script MT', 'Segoe Script', cursive", 400],
  6: ["Bold", "system-ui, 'Segoe UI', Roboto, sans-serif", 800],
  7: ["Handwriting", "'Comic Sans MS', 'Segoe Print', cursive", 400],
  8: ["Display", "Rockwell, 'Roboto Slab', Georgia, serif", 700],
  9: ["Heavy", "'Arial Black', Impact, sans-serif", 900],
  10: ["Typewriter", "'Courier New', Courier, monospace", 700],
};

export class TextPanel extends Panel {
  constructor(host) {
    super(host, "text", {
      fields: { text: "text", background_color: "color", font: "font" },
      labels: ["Publish text status", "Publishing…"],
      scheduleLabels: ["Schedule text status", "Scheduling…"],
    });
    const { $ } = this;
    this.on($("text"), "input", () => this.#changed());
    this.on($("color"), "input", () => {
      const value = $("color").value.trim();
      if (/^#[0-9a-f]{6}$/i.test(value)) $("swatch").value = value.toLowerCase();
      this.#changed();
    });
    this.on($("swatch"), "input", () => {
      $("color").value = $("swatch").value.toUpperCase();
      this.#changed();
    });
    this.on($("font"), "change", () => this.#changed());
    this.submitOnCtrlEnter($("text"));
  }

  start(limits) {
    super.start(limits);
    for (const id of limits.fonts) {
      const [name] = FONT_LOOKS[id] ?? [`Font ${id}`];
      this.$("font").append(new Option(name, String(id)));
    }
    this.#changed();
  }

  check() {
    const request = this.#status();
    return { request, problems: request.validate() };
  }

  send(client, request, when) {
    const status = JSON.stringify(request);
    if (!when) return client.publishText(request, { idempotencyKey: this.keyFor(status) });
    return client.createSchedule({ request: "text", status: request, ...when }, { idempotencyKey: this.keyFor(status, JSON.stringify(when)) });
  }

  succeeded(result, when) {
    if (when) this.scheduled(result, "Text status");
    else this.notice("ok", "Text status published.", result.messageId ? `Message id ${result.messageId}` : "");
    // Cleared so that publishing again is a deliberate act, not a repeat.
    this.$("text").value = "";
    this.checked = false;
    this.#changed();
    if (!when) this.host.emit("wuts-published", { kind: "text", result });
  }

  #status() {
    const { $ } = this;
    const status = new TextStatus($("text").value);
    const color = $("color").value.trim();
    if (color) status.backgroundColor(color);
    const font = $("font").value;
    if (font !== "") status.font(Number(font));
    return status;
  }

  #changed() {
    const { $ } = this;
    this.count("text", this.limits.maxTextChars);
    const text = $("text").value;
    const preview = $("preview");
    preview.textContent = text.trim() ? text : "Your status appears here";
    preview.classList.toggle("empty", !text.trim());
    const color = $("color").value.trim();
    const problems = this.#status().validate();
    const colorOk = color && !problems.some((p) => p.field === "background_color");
    preview.style.background = colorOk ? cssColor(color) : "";
    preview.style.color = colorOk ? inkFor(color) : "";
    const [, family, weight] = FONT_LOOKS[$("font").value] ?? FONT_LOOKS[0];
    preview.style.fontFamily = family;
    preview.style.fontWeight = String(weight);
    // Once the user has been shown errors, they follow the input as it is corrected.
    if (this.checked) this.showProblems(problems, false);
  }
}

/** A CSS colour for the preview: the wire's `#AARRGGBB` is CSS's `#RRGGBBAA`. */
function cssColor(hex) {
  return hex.length === 9 ? `#${hex.slice(3)}${hex.slice(1, 3)}` : hex;
}

/** Dark or light text, whichever reads better on `hex` (`#RRGGBB...`). */
function inkFor(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(hex.length === 9 ? i + 2 : i, (hex.length === 9 ? i + 2 : i) + 2), 16) / 255);
  const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) > 0.4 ? "#111b21" : "#ffffff";
}
