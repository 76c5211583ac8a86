// <wuts-status-composer>: a drop-in widget that composes and publishes WhatsApp statuses and
// edits who can see them, through the package's client. Every limit and every review on the
// user's input (validation, list normalization, sniffed media types) comes from the wasm; this
// file only lays it out. No framework: a custom element with an open shadow root.
import init, {
  WutsClient,
  WutsError,
  TextStatus,
  MediaStatus,
  StatusPrivacy,
  limits,
  reviewMedia,
  reviewPrivacyList,
} from "./index.js";
import { fitPhoto } from "./fit-photo.js";

export const TAG = "wuts-status-composer";

let wasmReady;
/** Loads the wasm once for every composer on the page (and for the app, if it has not). */
function loadWasm() {
  return (wasmReady ??= init());
}

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

// What to do with a video over the limit: the page does not transcode video.
const VIDEO_ADVICE = "videos are not compressed here: trim it or export it at a lower resolution (720p is plenty for a status), then choose it again";

// What a failure means for the person at the keyboard, and what to do about it. Codes not
// listed fall back to the error's own message.
const ADVICE = {
  device_disconnected: "WhatsApp session is not connected: reconnect the device and try again.",
  device_error: "WhatsApp could not find the linked device: check that the phone is linked, then try again.",
  status_failed: "WhatsApp could not send the status: try again in a moment.",
  status_timeout:
    "WhatsApp did not answer in time. The status may still appear: check your phone before publishing again.",
  timeout: "The server did not answer in time. The status may still appear: check your phone before publishing again.",
  unauthorized: "The API token is missing or malformed: check the token you were given.",
  forbidden: "This API token is not known or has been revoked: ask for a new token.",
  rate_limited: "Too many requests with this token: wait a minute, then try again.",
  payload_too_large: "The server does not accept a file this large: choose a smaller file.",
  bad_gateway: "The WhatsApp gateway cannot be reached right now: try again in a few minutes.",
  not_found: "This address does not serve the status API: check the base URL.",
  network_error: "The server cannot be reached: check your connection and the base URL.",
  unexpected_response: "The server's answer is not from the status API: check the base URL.",
  aborted: "The request was cancelled.",
};

const LIST_SPLIT = /[\n,;]+/;

const STYLE = `
:host {
  --_fg: var(--wuts-fg, #111b21);
  --_bg: var(--wuts-bg, #ffffff);
  --_surface: var(--wuts-surface, #f0f2f5);
  --_muted: var(--wuts-muted, #54656f);
  --_border: var(--wuts-border, #d1d7db);
  --_accent: var(--wuts-accent, #008069);
  --_accent-fg: var(--wuts-accent-fg, #ffffff);
  --_error: var(--wuts-error, #c62828);
  --_success: var(--wuts-success, #1b7f3b);
  --_radius: var(--wuts-radius, 10px);
  --_focus: var(--wuts-focus, #1d6fd1);
  --_preview-bg: var(--wuts-preview-default-bg, #54656f);
  display: block;
  max-width: 40rem;
  color: var(--_fg);
  background: var(--_bg);
  font: var(--wuts-font, 15px/1.45 system-ui, "Segoe UI", Roboto, sans-serif);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  overflow: hidden;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
/* The rules below give elements a display, which would otherwise beat the hidden attribute. */
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[role="tablist"] { display: flex; background: var(--_surface); border-bottom: 1px solid var(--_border); }
[role="tab"] {
  flex: 1; padding: .8rem .5rem; border: 0; border-bottom: 3px solid transparent; background: none;
  color: var(--_muted); font: inherit; font-weight: 600; cursor: pointer;
}
[role="tab"][aria-selected="true"] { color: var(--_accent); border-bottom-color: var(--_accent); }
[role="tabpanel"] { padding: 1rem 1.1rem 1.2rem; }
form { display: grid; gap: .9rem; margin: 0; }
.field { display: grid; gap: .3rem; }
.row { display: flex; gap: .8rem; flex-wrap: wrap; align-items: start; }
.row > .field { flex: 1 1 10rem; }
label, legend { font-weight: 600; font-size: .92em; }
.hint, .counter { color: var(--_muted); font-size: .85em; }
.counter { justify-self: end; font-variant-numeric: tabular-nums; }
.counter.over { color: var(--_error); font-weight: 600; }
textarea, input[type="text"], select {
  width: 100%; padding: .55rem .65rem; font: inherit; color: inherit; background: var(--_bg);
  border: 1px solid var(--_border); border-radius: calc(var(--_radius) * .6);
}
textarea { resize: vertical; min-height: 5.5rem; }
.color { display: flex; gap: .4rem; align-items: center; }
.color input[type="color"] { inline-size: 2.6rem; block-size: 2.4rem; padding: 0; border: 1px solid var(--_border); border-radius: 6px; background: none; }
[aria-invalid="true"] { border-color: var(--_error); box-shadow: 0 0 0 1px var(--_error); }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.error { color: var(--_error); font-size: .88em; font-weight: 600; margin: 0; }
.error:empty { display: none; }
.preview {
  display: grid; place-items: center; min-height: 9rem; padding: 1.2rem; text-align: center;
  border-radius: var(--_radius); background: var(--_preview-bg); color: #fff;
  font-size: 1.35em; white-space: pre-wrap; overflow-wrap: anywhere;
}
.preview.empty { opacity: .7; font-style: italic; }
.drop {
  display: grid; gap: .5rem; justify-items: center; padding: 1.2rem; text-align: center;
  border: 2px dashed var(--_border); border-radius: var(--_radius); background: var(--_surface);
}
.drop.over { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 10%, var(--_surface)); }
.drop img, .drop video { max-width: 100%; max-height: 14rem; border-radius: 6px; }
.button, button.primary {
  display: inline-block; padding: .6rem 1.1rem; border-radius: 999px; font: inherit; font-weight: 600; cursor: pointer;
}
.button { border: 1px solid var(--_accent); color: var(--_accent); background: var(--_bg); }
input[type="file"]:focus-visible + .button { outline: 3px solid var(--_focus); outline-offset: 2px; }
button.primary { justify-self: start; border: 0; color: var(--_accent-fg); background: var(--_accent); }
button.primary:disabled { opacity: .6; cursor: progress; }
button.primary[aria-busy="true"]::before {
  content: ""; display: inline-block; width: .8em; height: .8em; margin-right: .5em; vertical-align: -.1em;
  border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%; animation: spin .8s linear infinite;
}
@keyframes spin { to { transform: rotate(1turn); } }
dl.facts { display: grid; grid-template-columns: auto 1fr; gap: .2rem .8rem; margin: 0; font-size: .92em; }
dl.facts dt { color: var(--_muted); }
dl.facts dd { margin: 0; }
meter { width: 100%; }
fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: .35rem; }
.choice { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
.choice input { margin: 0; }
.review { list-style: none; margin: 0; padding: 0; display: grid; gap: .25rem; max-height: 22rem; overflow: auto; font-size: .9em; }
.review li { display: grid; grid-template-columns: 1.4rem 1fr; gap: .1rem .4rem; padding: .35rem .5rem; border-radius: 6px; background: var(--_surface); }
.review li .mark { grid-row: span 2; font-weight: 700; }
.review li.ok .mark { color: var(--_success); }
.review li.dup { opacity: .75; }
.review li.bad { background: color-mix(in srgb, var(--_error) 10%, var(--_bg)); }
.review li.bad .mark, .review li.bad .note { color: var(--_error); }
.review .note { color: var(--_muted); }
.review .entry { font-family: ui-monospace, Menlo, monospace; overflow-wrap: anywhere; }
.summary { font-size: .9em; margin: 0; }
.notice { margin: 0; padding: .7rem .85rem; border-radius: calc(var(--_radius) * .6); border-left: 4px solid; }
.notice:empty { display: none; }
.notice.ok { border-color: var(--_success); background: color-mix(in srgb, var(--_success) 10%, var(--_bg)); }
.notice.fail { border-color: var(--_error); background: color-mix(in srgb, var(--_error) 9%, var(--_bg)); }
.notice strong { display: block; }
.notice small { display: block; margin-top: .25rem; color: var(--_muted); }
@media (prefers-reduced-motion: reduce) { button.primary[aria-busy="true"]::before { animation: none; } }
`;

const TEMPLATE = `
<style>${STYLE}</style>
<div part="tabs" role="tablist" aria-label="Status composer">
  <button type="button" role="tab" id="tab-text" aria-controls="panel-text" aria-selected="true">Text</button>
  <button type="button" role="tab" id="tab-media" aria-controls="panel-media" aria-selected="false" tabindex="-1">Photo or video</button>
  <button type="button" role="tab" id="tab-privacy" aria-controls="panel-privacy" aria-selected="false" tabindex="-1">Privacy</button>
</div>

<section role="tabpanel" id="panel-text" aria-labelledby="tab-text">
  <form id="form-text" novalidate>
    <div class="field">
      <label for="text">Status text</label>
      <textarea id="text" name="text" rows="4" aria-describedby="text-count text-error" placeholder="What's new?"></textarea>
      <span class="counter" id="text-count" aria-live="polite"></span>
      <p class="error" id="text-error"></p>
    </div>
    <div class="row">
      <div class="field">
        <label for="color">Background colour</label>
        <div class="color">
          <input type="color" id="swatch" aria-label="Pick a background colour" value="#54656f">
          <input type="text" id="color" name="background_color" placeholder="#RRGGBB (default)" spellcheck="false" autocomplete="off" aria-describedby="color-error">
        </div>
        <p class="error" id="color-error"></p>
      </div>
      <div class="field">
        <label for="font">Font</label>
        <select id="font" name="font" aria-describedby="font-error"><option value="">Default</option></select>
        <p class="error" id="font-error"></p>
      </div>
    </div>
    <div class="field">
      <span class="hint" id="preview-label">Preview</span>
      <div class="preview empty" id="preview" part="preview" role="img" aria-labelledby="preview-label"></div>
    </div>
    <p class="notice" id="text-notice"></p>
    <button class="primary" type="submit" id="publish-text" part="button">Publish text status</button>
  </form>
</section>

<section role="tabpanel" id="panel-media" aria-labelledby="tab-media" hidden>
  <form id="form-media" novalidate>
    <div class="field">
      <span class="hint" id="file-label">Image (JPEG, PNG, WebP) or video (MP4, 3GPP)</span>
      <div class="drop" id="drop" part="dropzone">
        <div id="media-preview"></div>
        <span id="drop-hint">Drag and drop a file here, or</span>
        <input class="sr-only" type="file" id="file" name="file" aria-labelledby="file-button file-label" aria-describedby="file-error"
          accept="image/*,video/mp4,video/3gpp">
        <label class="button" for="file" id="file-button">Choose a file</label>
      </div>
      <dl class="facts" id="facts" hidden>
        <dt>File</dt><dd id="fact-name"></dd>
        <dt>Type</dt><dd id="fact-type"></dd>
        <dt>Size</dt><dd><span id="fact-size"></span><meter id="fact-meter" min="0" aria-label="Size against the limit"></meter></dd>
      </dl>
      <p class="hint" id="fit-note" role="status" hidden></p>
      <p class="error" id="file-error"></p>
    </div>
    <div class="field">
      <label for="caption">Caption (optional)</label>
      <textarea id="caption" name="caption" rows="2" aria-describedby="caption-count caption-error"></textarea>
      <span class="counter" id="caption-count" aria-live="polite"></span>
      <p class="error" id="caption-error"></p>
    </div>
    <p class="notice" id="media-notice"></p>
    <button class="primary" type="submit" id="publish-media" part="button">Publish media status</button>
  </form>
</section>

<section role="tabpanel" id="panel-privacy" aria-labelledby="tab-privacy" hidden>
  <form id="form-privacy" novalidate>
    <fieldset>
      <legend>Who can see my status updates</legend>
      <label class="choice"><input type="radio" name="audience" value="contacts" checked> My contacts</label>
      <label class="choice"><input type="radio" name="audience" value="blacklist"> My contacts except…</label>
      <label class="choice"><input type="radio" name="audience" value="whitelist"> Only share with…</label>
    </fieldset>
    <div class="field" id="list-field" hidden>
      <label for="list">Phone numbers or WhatsApp IDs, one per line</label>
      <textarea id="list" name="list" rows="5" spellcheck="false" aria-describedby="list-hint list-summary list-error"
        placeholder="+55 11 99999-9999&#10;5511888887777@s.whatsapp.net"></textarea>
      <span class="hint" id="list-hint">With the country code. Commas and semicolons also separate entries.</span>
      <p class="summary" id="list-summary" aria-live="polite"></p>
      <p class="error" id="list-error"></p>
      <ol class="review" id="review" aria-label="How each entry will be saved"></ol>
    </div>
    <p class="notice" id="privacy-notice"></p>
    <button class="primary" type="submit" id="save-privacy" part="button">Save privacy</button>
  </form>
</section>
`;

/** `n` bytes for people: `812 KiB`, `4.8 MiB`. */
function bytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

/** How many characters the limits count: Unicode scalar values, as the wasm does. */
function chars(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
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

// Where there is no DOM (server-side rendering, Node), the class extends a plain class and
// nothing is defined, so importing this module never throws.
export class WutsStatusComposer extends (globalThis.HTMLElement ?? class {}) {
  static observedAttributes = ["base-url", "token"];

  #root;
  #limits = null;
  #client = null;
  #ownClient = null;
  #ownClientKey = "";
  #busy = false;
  #file = null;
  #fileReview = null;
  #previewUrl = null;
  #listTouched = false;
  // The Idempotency-Key of the status being composed, per form, with what it was made for.
  #keys = {};

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open", delegatesFocus: false });
    this.#root.innerHTML = TEMPLATE;
  }

  /** The API's base URL (attribute `base-url`). */
  get baseUrl() {
    return this.getAttribute("base-url") ?? "";
  }
  set baseUrl(value) {
    this.setAttribute("base-url", value);
  }

  /** The per-user API token (attribute `token`). */
  get token() {
    return this.getAttribute("token") ?? "";
  }
  set token(value) {
    this.setAttribute("token", value);
  }

  /** A client to use instead of one built from `base-url` and `token`. */
  get client() {
    return this.#client;
  }
  set client(value) {
    this.#client = value ?? null;
  }

  /** Whether a request is running. */
  get busy() {
    return this.#busy;
  }

  connectedCallback() {
    if (this.#limits) return;
    this.#wireTabs();
    for (const button of this.#root.querySelectorAll("button.primary")) button.disabled = true;
    loadWasm().then(
      () => this.#start(),
      (err) => this.#notice("text", "fail", "The status composer could not load its WebAssembly module.", String(err)),
    );
  }

  disconnectedCallback() {
    this.#showFile(null);
  }

  #start() {
    if (this.#limits) return;
    this.#limits = limits();
    const $ = (id) => this.#root.getElementById(id);
    for (const button of this.#root.querySelectorAll("button.primary")) button.disabled = false;

    const font = $("font");
    for (const id of this.#limits.fonts) {
      const [name] = FONT_LOOKS[id] ?? [`Font ${id}`];
      font.append(new Option(name, String(id)));
    }

    $("text").addEventListener("input", () => this.#textChanged());
    $("color").addEventListener("input", () => {
      const value = $("color").value.trim();
      if (/^#[0-9a-f]{6}$/i.test(value)) $("swatch").value = value.toLowerCase();
      this.#textChanged();
    });
    $("swatch").addEventListener("input", () => {
      $("color").value = $("swatch").value.toUpperCase();
      this.#textChanged();
    });
    font.addEventListener("change", () => this.#textChanged());
    for (const id of ["text", "caption", "list"]) {
      $(id).addEventListener("keydown", (e) => {
        // Ctrl/Cmd+Enter publishes from a text area, where Enter makes a new line.
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          $(id).form.requestSubmit();
        }
      });
    }
    $("form-text").addEventListener("submit", (e) => this.#submit(e, "text"));

    $("file").addEventListener("change", () => this.#pick($("file").files?.[0] ?? null));
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const file = e.dataTransfer?.files?.[0];
      if (file) this.#pick(file);
    });
    $("caption").addEventListener("input", () => this.#captionChanged());
    $("form-media").addEventListener("submit", (e) => this.#submit(e, "media"));

    for (const radio of this.#root.querySelectorAll('input[name="audience"]')) {
      radio.addEventListener("change", () => this.#audienceChanged());
    }
    $("list").addEventListener("input", () => {
      this.#listTouched = true;
      this.#reviewList();
    });
    $("form-privacy").addEventListener("submit", (e) => this.#submit(e, "privacy"));

    this.#textChanged();
    this.#captionChanged();
    this.#audienceChanged();
  }

  // --- tabs -------------------------------------------------------------------------------

  #wireTabs() {
    const tabs = [...this.#root.querySelectorAll('[role="tab"]')];
    const select = (tab, focus) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        this.#root.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      }
      if (focus) tab.focus();
    };
    for (const tab of tabs) {
      tab.addEventListener("click", () => select(tab, false));
      tab.addEventListener("keydown", (e) => {
        const i = tabs.indexOf(tab);
        const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (next === undefined) return;
        e.preventDefault();
        select(tabs[(next + tabs.length) % tabs.length], true);
      });
    }
    this.#selectTab = (name) => select(this.#root.getElementById(`tab-${name}`), false);
  }

  #selectTab = () => {};

  // --- text -------------------------------------------------------------------------------

  #textStatus() {
    const $ = (id) => this.#root.getElementById(id);
    const status = new TextStatus($("text").value);
    const color = $("color").value.trim();
    if (color) status.backgroundColor(color);
    const font = $("font").value;
    if (font !== "") status.font(Number(font));
    return status;
  }

  #textChanged() {
    const $ = (id) => this.#root.getElementById(id);
    const text = $("text").value;
    const max = this.#limits.maxTextChars;
    const count = chars(text);
    const counter = $("text-count");
    counter.textContent = `${count} / ${max}`;
    counter.classList.toggle("over", count > max);

    const preview = $("preview");
    preview.textContent = text.trim() ? text : "Your status appears here";
    preview.classList.toggle("empty", !text.trim());
    const color = $("color").value.trim();
    const problems = this.#textStatus().validate();
    const colorOk = color && !problems.some((p) => p.field === "background_color");
    preview.style.background = colorOk ? cssColor(color) : "";
    preview.style.color = colorOk ? inkFor(color) : "";
    const [, family, weight] = FONT_LOOKS[$("font").value] ?? FONT_LOOKS[0];
    preview.style.fontFamily = family;
    preview.style.fontWeight = String(weight);
    // Once the user has been shown errors, they follow the input as it is corrected.
    if (this.#root.getElementById("form-text").dataset.checked) this.#showProblems("text", problems, false);
  }

  // --- media ------------------------------------------------------------------------------

  async #pick(file) {
    const $ = (id) => this.#root.getElementById(id);
    this.#notice("media");
    this.#file = file;
    this.#fileReview = null;
    if (!file) {
      this.#showFile(null);
      return;
    }
    const picked = file;
    const judge = async (f) => reviewMedia(new Uint8Array(await f.slice(0, 64).arrayBuffer()), f.size);
    let review = await judge(file);
    // A photo over the limit or of a type WhatsApp does not take is re-encoded, when the browser
    // can decode it; the result is judged by the wasm like any file.
    const fit = review.mediaType !== "video" && review.problems.length > 0;
    if (fit) this.#showFit(picked, null, "Fitting the image to the limit…");
    const fitted = fit ? await fitPhoto(file, { maxBytes: this.#limits.maxImageBytes }) : null;
    if (fitted && this.#file === picked) review = await judge((file = this.#file = fitted.file));
    if (this.#file !== file) return;
    if (review.mediaType === "video") {
      review.problems = review.problems.map((p) => (p.code === "too_large" ? { ...p, message: `${p.message}; ${VIDEO_ADVICE}` } : p));
    }
    this.#fileReview = review;
    this.#showFit(picked, fitted);
    this.#showFile(file, review);
    $("fact-name").textContent = file.name || "(pasted file)";
    const declared = file.type && review.mimeType && file.type !== review.mimeType ? ` (the file calls itself ${file.type})` : "";
    $("fact-type").textContent = review.mimeType ? `${review.mimeType}, read from the file's bytes${declared}` : "not an accepted type";
    if (review.maxBytes) {
      $("fact-size").textContent = `${bytes(file.size)} of ${bytes(review.maxBytes)} allowed for ${review.mediaType === "video" ? "videos" : "images"} `;
      const meter = $("fact-meter");
      meter.hidden = false;
      meter.max = review.maxBytes;
      meter.high = review.maxBytes * 0.9;
      meter.value = Math.min(file.size, review.maxBytes);
    } else {
      $("fact-size").textContent = bytes(file.size);
      $("fact-meter").hidden = true;
    }
    $("facts").hidden = false;
    this.#showProblems("media", review.problems, false);
  }

  /** Says what fitting did to a photo: "Resized from 7.8 MiB to 1.9 MiB (...)". */
  #showFit(picked, fitted, pending) {
    const note = this.#root.getElementById("fit-note");
    note.hidden = !fitted && !pending;
    note.textContent = pending ?? "";
    if (!fitted) return;
    const { width: w, height: h, originalWidth: ow, originalHeight: oh, quality } = fitted;
    const how = w === ow && h === oh ? "Converted to JPEG" : "Resized";
    note.textContent = `${how} from ${bytes(picked.size)} to ${bytes(fitted.file.size)} (${ow} × ${oh} to ${w} × ${h} pixels, JPEG quality ${Math.round(quality * 100)}%).`;
  }

  #showFile(file, review) {
    const $ = (id) => this.#root.getElementById(id);
    if (!file) $("fit-note").hidden = true;
    if (this.#previewUrl) URL.revokeObjectURL(this.#previewUrl);
    this.#previewUrl = null;
    const box = $("media-preview");
    box.replaceChildren();
    $("facts").hidden = !file;
    $("drop-hint").textContent = file ? "Drop another file here, or" : "Drag and drop a file here, or";
    $("file-button").textContent = file ? "Choose another file" : "Choose a file";
    if (!file || !review?.mediaType) return;
    this.#previewUrl = URL.createObjectURL(file);
    const el = document.createElement(review.mediaType === "video" ? "video" : "img");
    el.src = this.#previewUrl;
    if (review.mediaType === "video") {
      el.controls = true;
      el.muted = true;
    } else {
      el.alt = `Preview of ${file.name || "the image"}`;
    }
    box.append(el);
  }

  #captionChanged() {
    const $ = (id) => this.#root.getElementById(id);
    const count = chars($("caption").value);
    const max = this.#limits.maxCaptionChars;
    $("caption-count").textContent = `${count} / ${max}`;
    $("caption-count").classList.toggle("over", count > max);
  }

  // --- privacy ----------------------------------------------------------------------------

  #audience() {
    return this.#root.querySelector('input[name="audience"]:checked').value;
  }

  #entries() {
    return this.#root
      .getElementById("list")
      .value.split(LIST_SPLIT)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  #audienceChanged() {
    const listed = this.#audience() !== "contacts";
    this.#root.getElementById("list-field").hidden = !listed;
    this.#showProblems("privacy", [], false);
    this.#reviewList();
  }

  #reviewList() {
    const $ = (id) => this.#root.getElementById(id);
    const list = $("review");
    list.replaceChildren();
    const entries = this.#entries();
    const reviews = reviewPrivacyList(entries);
    let ok = 0;
    let dup = 0;
    let bad = 0;
    reviews.forEach((r, i) => {
      const li = document.createElement("li");
      li.id = `entry-${i}`;
      const mark = document.createElement("span");
      mark.className = "mark";
      mark.setAttribute("aria-hidden", "true");
      const entry = document.createElement("span");
      entry.className = "entry";
      entry.textContent = r.entry;
      const note = document.createElement("span");
      note.className = "note";
      if (r.problem) {
        bad++;
        li.className = "bad";
        mark.textContent = "✕";
        note.textContent = r.problem.message.replace(/^".*?" /, "");
      } else if (r.duplicateOf !== null) {
        dup++;
        li.className = "dup";
        mark.textContent = "=";
        note.textContent = `same contact as entry ${r.duplicateOf + 1}: saved once`;
      } else {
        ok++;
        li.className = "ok";
        mark.textContent = "✓";
        note.textContent = r.jid;
      }
      li.append(mark, entry, note);
      list.append(li);
    });
    const parts = [];
    if (entries.length) {
      parts.push(`${ok} contact${ok === 1 ? "" : "s"} will be saved`);
      if (dup) parts.push(`${dup} duplicate${dup === 1 ? "" : "s"} dropped`);
      if (bad) parts.push(`${bad} entr${bad === 1 ? "y" : "ies"} to fix`);
      if (ok > this.#limits.maxPrivacyEntries) parts.push(`the limit is ${this.#limits.maxPrivacyEntries}`);
    }
    $("list-summary").textContent = parts.length ? `${parts.join(", ")}.` : "";
    list.hidden = !entries.length;
    if ($("form-privacy").dataset.checked && this.#listTouched) this.#showProblems("privacy", this.#privacy().validate(), false);
  }

  #privacy() {
    const audience = this.#audience();
    return audience === "contacts" ? StatusPrivacy.contacts() : StatusPrivacy[audience](this.#entries());
  }

  // --- sending ----------------------------------------------------------------------------

  #currentClient() {
    if (this.#client) return this.#client;
    const key = `${this.baseUrl}\n${this.token}`;
    if (!this.#ownClient || this.#ownClientKey !== key) {
      // Throws a WutsError naming the option (`baseUrl`, `token`) when one is wrong.
      this.#ownClient = new WutsClient({ baseUrl: this.baseUrl, token: this.token });
      this.#ownClientKey = key;
    }
    return this.#ownClient;
  }

  async #submit(event, part) {
    event.preventDefault();
    // The button is disabled below, but a second submit can still arrive in the same task
    // (a double click, Ctrl+Enter): nothing may be sent twice.
    if (this.#busy || !this.#limits) return;
    const form = this.#root.getElementById(`form-${part}`);
    form.dataset.checked = "1";
    this.#notice(part);

    let request;
    let problems;
    if (part === "text") {
      request = this.#textStatus();
      problems = request.validate();
    } else if (part === "privacy") {
      this.#listTouched = true;
      request = this.#privacy();
      problems = request.validate();
    } else if (!this.#file) {
      problems = [{ field: "data", code: "required", message: "choose an image or a video to publish" }];
    } else if (this.#fileReview?.problems.length) {
      problems = this.#fileReview.problems;
    }
    if (problems?.length) {
      this.#showProblems(part, problems, true);
      return;
    }
    this.#showProblems(part, [], false);

    this.#setBusy(part, true);
    try {
      const client = this.#currentClient();
      if (part === "media") {
        const caption = this.#root.getElementById("caption").value;
        // fromBlob reads, sniffs and checks the file; a problem rejects with its field.
        request = await MediaStatus.fromBlob(this.#file, caption ? { caption } : undefined);
      }
      const options = part === "text"
        ? { idempotencyKey: this.#keyFor(part, JSON.stringify(request)) }
        : { idempotencyKey: this.#keyFor(part, this.#file, this.#root.getElementById("caption").value) };
      const result =
        part === "text"
          ? await client.publishText(request, options)
          : part === "media"
            ? await client.publishMedia(request, options)
            : await client.updatePrivacy(request);
      if (part !== "privacy") delete this.#keys[part];
      this.#succeeded(part, result);
    } catch (err) {
      // After no answer (a network error, a timeout) or a 409 (still in flight), the next try
      // keeps the key, so the proxy answers it with the first attempt's outcome. Any other
      // answer is that outcome, kept by the proxy for the key: the next try is a new one.
      if (!(err instanceof WutsError) || (err.status > 0 && err.code !== "conflict")) delete this.#keys[part];
      this.#failed(part, err);
    } finally {
      this.#setBusy(part, false);
    }
  }

  // One key per composed status: submitting it again (a double submit, or a retry after no
  // answer came) sends the same key, so a proxy that honours keys publishes it at most once;
  // a changed status gets a new key, and so does the next one once this one is answered.
  #keyFor(part, ...what) {
    const last = this.#keys[part];
    if (!last || last.what.some((v, i) => v !== what[i])) {
      this.#keys[part] = { what, key: crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}` };
    }
    return this.#keys[part].key;
  }

  #setBusy(part, busy) {
    this.#busy = busy;
    const button = this.#root.getElementById(part === "text" ? "publish-text" : part === "media" ? "publish-media" : "save-privacy");
    const labels = { text: ["Publish text status", "Publishing…"], media: ["Publish media status", "Publishing…"], privacy: ["Save privacy", "Saving…"] }[part];
    for (const b of this.#root.querySelectorAll("button.primary")) b.disabled = busy;
    button.setAttribute("aria-busy", String(busy));
    button.textContent = labels[busy ? 1 : 0];
    this.#root.getElementById(`form-${part}`).setAttribute("aria-busy", String(busy));
    this.toggleAttribute("busy", busy);
  }

  #succeeded(part, result) {
    const $ = (id) => this.#root.getElementById(id);
    if (part === "privacy") {
      const type = result.type ?? this.#audience();
      const n = result.list?.length ?? 0;
      const who =
        type === "whitelist"
          ? `only ${n} contact${n === 1 ? "" : "s"} can see your status updates`
          : type === "blacklist"
            ? `all your contacts except ${n} can see your status updates`
            : "all your contacts can see your status updates";
      this.#notice(part, "ok", `Saved: ${who}.`);
      this.#emit("wuts-privacy-saved", { result });
      return;
    }
    const what = part === "text" ? "Text status" : result.statusType === "video" ? "Video status" : "Image status";
    this.#notice(part, "ok", `${what} published.`, result.messageId ? `Message id ${result.messageId}` : "");
    // Cleared so that publishing again is a deliberate act, not a repeat.
    if (part === "text") {
      $("text").value = "";
      delete $("form-text").dataset.checked;
      this.#textChanged();
    } else {
      $("file").value = "";
      $("caption").value = "";
      this.#file = null;
      this.#showFile(null);
      this.#captionChanged();
      delete $("form-media").dataset.checked;
    }
    this.#emit("wuts-published", { kind: part, result });
  }

  #failed(part, err) {
    this.#emit("wuts-error", { kind: part, error: err });
    if (!(err instanceof WutsError)) {
      this.#notice(part, "fail", "Something went wrong.", String(err?.message ?? err));
      return;
    }
    const field = err.problems?.[0]?.field ?? "";
    if (field === "token" || field === "baseUrl") {
      this.#notice(part, "fail", `The composer is not set up (${err.message}).`, "Check its token and base-url attributes.");
      return;
    }
    if (err.problems?.length && this.#showProblems(part, err.problems, true)) {
      // Problems found by the server are shown like the client's own; say who found them.
      if (err.status) this.#notice(part, "fail", "The server refused the request: fix the fields marked above.", detail(err));
      return;
    }
    const advice = ADVICE[err.code] ?? `The request failed: ${err.message}.`;
    this.#notice(part, "fail", advice, detail(err));
  }

  /** Shows `problems` next to their fields; returns whether any field of `part` took one. */
  #showProblems(part, problems, focus) {
    const $ = (id) => this.#root.getElementById(id);
    const fields = {
      text: { text: "text", background_color: "color", font: "font" },
      media: { data: "file", mime_type: "file", media_type: "file", url: "file", caption: "caption" },
      privacy: { list: "list", type: "list" },
    }[part];
    const errors = {};
    const entries = [];
    for (const p of problems) {
      const base = p.field.replace(/\[\d+\]$/, "");
      const input = fields[base];
      if (!input) continue;
      // A list entry's own problem is shown beside it in the review; the field says which.
      if (p.field !== base) entries.push(Number(p.field.slice(base.length + 1, -1)) + 1);
      else (errors[input] ??= []).push(sentence(p.message));
    }
    if (entries.length) {
      const which = entries.length === 1 ? `entry ${entries[0]}` : `entries ${entries.slice(0, -1).join(", ")} and ${entries.at(-1)}`;
      (errors.list ??= []).push(`Fix ${which}, marked ✕ below, before saving.`);
    }
    for (const input of new Set(Object.values(fields))) {
      const messages = errors[input] ?? [];
      const el = $(input);
      if (messages.length) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
      $(`${input}-error`).textContent = messages.join(" ");
    }
    const first = problems.map((p) => fields[p.field.replace(/\[\d+\]$/, "")]).find(Boolean);
    if (focus && first) {
      this.#selectTab(part);
      $(first).focus();
    }
    return Boolean(first);
  }

  #notice(part, kind, text, small) {
    const el = this.#root.getElementById(`${part}-notice`);
    el.replaceChildren();
    el.className = `notice ${kind ?? ""}`;
    el.setAttribute("role", kind === "fail" ? "alert" : "status");
    if (!kind) return;
    const strong = document.createElement("strong");
    strong.textContent = text;
    el.append(strong);
    if (small) {
      const s = document.createElement("small");
      s.textContent = small;
      el.append(s);
    }
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  attributeChangedCallback() {
    // A new base URL or token takes effect at the next request.
    this.#ownClient = null;
  }
}

/** A problem's message as a sentence: the wasm's messages are lower-case clauses. */
function sentence(s) {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The line under a server error: its code, HTTP status and request id, for support. */
function detail(err) {
  const parts = [`code ${err.code}`];
  if (err.status) parts.push(`HTTP ${err.status}`);
  if (err.requestId) parts.push(`request id ${err.requestId}`);
  return parts.join(" · ");
}

if (typeof customElements !== "undefined" && !customElements.get(TAG)) {
  customElements.define(TAG, WutsStatusComposer);
}

/**
 * Mounts a composer in `target` for apps that build their UI in code: `{ baseUrl, token }`, or
 * a ready `client`. Returns the element; `element.remove()` unmounts it.
 */
export function mount(target, { baseUrl, token, client } = {}) {
  const element = document.createElement(TAG);
  if (baseUrl) element.setAttribute("base-url", baseUrl);
  if (token) element.setAttribute("token", token);
  if (client) element.client = client;
  target.append(element);
  return element;
}
