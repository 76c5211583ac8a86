// <wuts-status-composer>: a widget that composes and publishes WhatsApp statuses (now, or
// scheduled through the edge proxy, with the upcoming schedules listed and cancellable) and edits
// who can see them, through the package's client. Every limit and every review of the user's input
// (validation, list normalization, sniffed media types) comes from the wasm; the composer only
// lays it out. No framework: a custom element with an open shadow root.
//
// Importing this module registers nothing: `defineComposer()` (or `mount`) does, and
// `wuts-status/composer` (define.js) does on import.
//
// Properties: `baseUrl` (reflects the `base-url` attribute), `token` (a property only: never an
// attribute), `client`, `busy` (read-only; reflected as the `busy` attribute).
// Events: `wuts-published` ({ kind, result }), `wuts-scheduled` ({ kind, schedule }),
//   `wuts-schedule-cancelled` ({ schedule }), `wuts-privacy-saved` ({ result }),
//   `wuts-error` ({ kind, error }); they bubble out of the shadow root.
// Parts: `tabs`, `preview`, `dropzone`, `button`.
// Custom properties: `--wuts-fg`, `--wuts-bg`, `--wuts-surface`, `--wuts-muted`,
//   `--wuts-border`, `--wuts-accent`, `--wuts-accent-fg`, `--wuts-error`, `--wuts-success`,
//   `--wuts-focus`, `--wuts-radius`, `--wuts-font`, `--wuts-preview-default-bg`.
import init, { WutsClient, limits } from "../index.js";
import { template } from "./template.js";
import { Tabs } from "./tabs.js";
import { TextPanel } from "./text-panel.js";
import { MediaPanel } from "./media-panel.js";
import { PrivacyPanel } from "./privacy-panel.js";
import { SchedulesPanel } from "./schedules-panel.js";

export const TAG = "wuts-status-composer";

let wasmReady;
/** Loads the wasm once for every composer on the page (and for the app, if it has not). */
function loadWasm() {
  return (wasmReady ??= init());
}

let warnedTokenAttribute = false;

// Where there is no DOM (server-side rendering, Node), the class extends a plain class, so
// importing this module never throws.
export class WutsStatusComposer extends (globalThis.HTMLElement ?? class {}) {
  static observedAttributes = ["base-url"];

  #root;
  #text;
  #panels;
  #loading = null;
  #token = "";
  #client = null;
  #ownClient = null;
  #ownClientKey = "";
  #busy = false;

  constructor() {
    super();
    const root = (this.#root = this.attachShadow({ mode: "open", delegatesFocus: false }));
    root.innerHTML = template;
    // Every listener is added here, once, to nodes of the shadow root: the element owns them,
    // so connecting it again (moving it in the page) adds none.
    const $ = (id) => root.getElementById(id);
    let schedules = null;
    const tabs = new Tabs(root, $, (name) => name === "schedules" && schedules?.shown());
    const element = this;
    const host = {
      $,
      get busy() {
        return element.#busy;
      },
      setBusy: (busy) => this.#setBusy(busy),
      client: () => this.#currentClient(),
      selectTab: (part) => tabs.select(part),
      emit: (type, detail) => this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true })),
      scheduled: () => schedules.changed(),
    };
    this.#text = new TextPanel(host);
    schedules = new SchedulesPanel(host);
    this.#panels = [this.#text, new MediaPanel(host), new PrivacyPanel(host), schedules];
    // Nothing can be sent before the wasm has loaded.
    for (const button of root.querySelectorAll("button.primary")) button.disabled = true;
  }

  /** The API's base URL (attribute `base-url`). */
  get baseUrl() {
    return this.getAttribute("base-url") ?? "";
  }
  set baseUrl(value) {
    this.setAttribute("base-url", value);
  }

  /**
   * The per-user API token. A property only, so that it is in no attribute, in no `outerHTML`
   * and in nothing that records the DOM.
   */
  get token() {
    return this.#token;
  }
  set token(value) {
    this.#token = value == null ? "" : String(value);
  }

  /** A client to use instead of one built from `baseUrl` and `token`. */
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
    // Values a page set on the element before it was upgraded are own properties that hide
    // the accessors: they go through them instead.
    for (const name of ["baseUrl", "token", "client"]) {
      if (!Object.hasOwn(this, name)) continue;
      const value = this[name];
      delete this[name];
      this[name] = value;
    }
    this.#takeTokenAttribute();
    for (const panel of this.#panels) panel.connected();
    this.#loading ??= loadWasm().then(
      () => this.#start(),
      (err) => this.#text.notice("fail", "The status composer could not load its WebAssembly module.", String(err)),
    );
  }

  disconnectedCallback() {
    for (const panel of this.#panels) panel.disconnected();
  }

  attributeChangedCallback() {
    // A new base URL takes effect at the next request.
    this.#ownClient = null;
  }

  #start() {
    const contract = limits();
    for (const button of this.#root.querySelectorAll("button.primary")) button.disabled = false;
    for (const panel of this.#panels) panel.start(contract);
  }

  // A `token` attribute (markup written for an older version, or a page that sets one) is taken
  // into the property and removed, when the element connects and before each request, so the
  // token does not stay in the DOM. The console says so once per page.
  #takeTokenAttribute() {
    const value = this.getAttribute("token");
    if (value === null) return;
    this.removeAttribute("token");
    this.token = value;
    if (warnedTokenAttribute) return;
    warnedTokenAttribute = true;
    console.warn(`<${TAG}>: a token attribute stays in the page; it was moved to the token property: set element.token instead`);
  }

  #currentClient() {
    if (this.#client) return this.#client;
    this.#takeTokenAttribute();
    const key = `${this.baseUrl}\n${this.#token}`;
    if (!this.#ownClient || this.#ownClientKey !== key) {
      // Throws a WutsError naming the option (`baseUrl`, `token`) when one is wrong.
      this.#ownClient = new WutsClient({ baseUrl: this.baseUrl, token: this.#token });
      this.#ownClientKey = key;
    }
    return this.#ownClient;
  }

  #setBusy(busy) {
    this.#busy = busy;
    for (const button of this.#root.querySelectorAll("button.primary")) button.disabled = busy;
    this.toggleAttribute("busy", busy);
  }
}

/**
 * Registers the element as `<wuts-status-composer>`, unless the tag is already taken (by this
 * class, or by another copy of the package). Where there is no DOM it does nothing.
 */
export function defineComposer() {
  if (typeof customElements === "undefined") return;
  if (!customElements.get(TAG)) customElements.define(TAG, WutsStatusComposer);
}

/**
 * Mounts a composer in `target` for apps that build their UI in code: `{ baseUrl, token }`, or
 * a ready `client`. Registers the element first if needed. Returns the element;
 * `element.remove()` unmounts it.
 */
export function mount(target, { baseUrl, token, client } = {}) {
  defineComposer();
  const element = document.createElement(TAG);
  if (baseUrl) element.setAttribute("base-url", baseUrl);
  if (token) element.token = token;
  if (client) element.client = client;
  target.append(element);
  return element;
}
