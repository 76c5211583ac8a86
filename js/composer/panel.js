// What the three panels share: one form each, with its fields' errors, its notice, its button
// and the way a submit goes out (checked first, sent once, answered). A panel subclass names its
// fields and implements `check`, `send` and `succeeded`; it owns its nodes, its listeners and
// its state. A panel that can schedule (text, media) has a `When` for its "Publish now" or
// "Schedule" controls, whose problems it shows like its own.
import { WutsError } from "../index.js";
import { advice, detail } from "./advice.js";
import { When, localTime } from "./when.js";

/**
 * What the element gives its panels (one object, made once per element):
 * - `$(id)`: the node of the shadow root with that id;
 * - `busy`: whether a request of any panel is running; `setBusy(busy)` says so to the element;
 * - `client()`: the client to send with (throws a `WutsError` naming `baseUrl` or `token`
 *   when one is wrong);
 * - `selectTab(part)`: shows a panel;
 * - `emit(type, detail)`: dispatches an event from the element;
 * - `scheduled()`: says that a schedule was made, so the list of schedules is read again.
 * @typedef {{ $: (id: string) => HTMLElement, readonly busy: boolean, setBusy: (busy: boolean) => void,
 *   client: () => object, selectTab: (part: string) => void, emit: (type: string, detail: object) => void,
 *   scheduled: () => void }} Host
 */

export class Panel {
  /** The contract's limits, from the wasm; null until it has loaded, and nothing runs before. */
  limits = null;
  // The Idempotency-Key of the status being composed, with what it was made for.
  #key = null;
  #labels;
  #scheduleLabels;

  /**
   * @param {Host} host
   * @param {"text" | "media" | "privacy"} part the panel's name in ids (`form-text`) and events
   * @param {{ fields: Record<string, string>, labels: [string, string], scheduleLabels?: [string, string] }} options
   *   `fields`: the id of the input that shows each wire field's problems; `labels`: the
   *   button's text, idle and busy; `scheduleLabels`: the same when scheduling, for a panel
   *   that can
   */
  constructor(host, part, { fields, labels, scheduleLabels }) {
    this.host = host;
    this.$ = host.$;
    this.part = part;
    this.fields = fields;
    this.#labels = labels;
    this.#scheduleLabels = scheduleLabels;
    this.form = this.$(`form-${part}`);
    this.button = this.form.querySelector("button.primary");
    if (scheduleLabels) {
      this.when = new When(this.$, part, () => this.#label(false));
      Object.assign(fields, this.when.fields());
    }
    this.form.addEventListener("submit", (event) => this.#submit(event));
  }

  /** Called once the wasm has loaded, with its `limits()`. */
  start(limits) {
    this.limits = limits;
  }

  /** Called when the element is connected to a document; `disconnected` undoes it. */
  connected() {}
  disconnected() {}

  /** Listens to `type` on `target` once the panel has started: before, the wasm is not there to ask. */
  on(target, type, handler) {
    target.addEventListener(type, (event) => {
      if (this.limits) handler(event);
    });
  }

  /** Ctrl/Cmd+Enter in `textarea` submits the form, as Enter makes a new line there. */
  submitOnCtrlEnter(textarea) {
    this.on(textarea, "keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.form.requestSubmit();
      }
    });
  }

  /** Shows `${id}-count` as `count / max`, marked when over; returns the count. */
  count(id, max) {
    const n = chars(this.$(id).value);
    const counter = this.$(`${id}-count`);
    counter.textContent = `${n} / ${max}`;
    counter.classList.toggle("over", n > max);
    return n;
  }

  /** Whether the user has submitted once since the form was last cleared: errors then follow the input. */
  get checked() {
    return Boolean(this.form.dataset.checked);
  }
  set checked(on) {
    if (on) this.form.dataset.checked = "1";
    else delete this.form.dataset.checked;
  }

  // One key per composed status: submitting it again (a double submit, or a retry after no
  // answer came) sends the same key, so a proxy that honours keys publishes it at most once;
  // a changed status gets a new key, and so does the next one once this one is answered.
  keyFor(...what) {
    const last = this.#key;
    if (!last || last.what.length !== what.length || last.what.some((v, i) => v !== what[i])) {
      this.#key = { what, key: crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}` };
    }
    return this.#key.key;
  }

  /** What the form would send, unless `problems` is not empty: `{ request?, problems }`. */
  check() {
    return { problems: [] };
  }

  /**
   * Sends `request` (from `check`) with `client`: published now, or, with `when` (`{ at }` or
   * `{ repeat }`), scheduled. Resolves to the answer.
   */
  async send(client, request, when) {}

  /** Shows a successful answer: what was published, or with `when`, the schedule made. */
  succeeded(result, when) {}

  /** After a schedule was made: says when it first runs, goes back to "Publish now", tells the element. */
  scheduled(schedule, what) {
    const first = schedule?.next_run ? ` First run: ${localTime(schedule.next_run)}.` : "";
    this.notice("ok", `${what} scheduled.${first}`, "The Scheduled tab lists it.");
    this.when.reset();
    this.#label(false);
    this.host.emit("wuts-scheduled", { kind: this.part, schedule });
    this.host.scheduled();
  }

  async #submit(event) {
    event.preventDefault();
    // The button is disabled below, but a second submit can still arrive in the same task
    // (a double click, Ctrl+Enter): nothing may be sent twice.
    if (this.host.busy || !this.limits) return;
    this.checked = true;
    this.notice();
    const { request, problems } = this.check();
    const timing = this.when?.read() ?? { when: null, problems: [] };
    if (problems.length || timing.problems.length) {
      this.showProblems([...problems, ...timing.problems], true);
      return;
    }
    this.showProblems([], false);

    this.#setBusy(true);
    try {
      const result = await this.send(this.host.client(), request, timing.when);
      this.#key = null;
      this.succeeded(result, timing.when);
    } catch (err) {
      // After no answer (a network error, a timeout) or a 409 (still in flight), the next try
      // keeps the key, so the proxy answers it with the first attempt's outcome. Any other
      // answer is that outcome, kept by the proxy for the key: the next try is a new one.
      if (!(err instanceof WutsError) || (err.status > 0 && err.code !== "conflict")) this.#key = null;
      this.#failed(err);
    } finally {
      this.#setBusy(false);
    }
  }

  #setBusy(busy) {
    this.host.setBusy(busy);
    this.button.setAttribute("aria-busy", String(busy));
    this.#label(busy);
    this.form.setAttribute("aria-busy", String(busy));
  }

  #label(busy) {
    const labels = this.when?.scheduled ? this.#scheduleLabels : this.#labels;
    this.button.textContent = labels[busy ? 1 : 0];
  }

  #failed(err) {
    this.host.emit("wuts-error", { kind: this.part, error: err });
    if (!(err instanceof WutsError)) {
      this.notice("fail", "Something went wrong.", String(err?.message ?? err));
      return;
    }
    const field = err.problems?.[0]?.field ?? "";
    if (field === "token" || field === "baseUrl") {
      this.notice("fail", `The composer is not set up (${err.message}).`, "Check its base URL and token.");
      return;
    }
    if (err.problems?.length && this.showProblems(err.problems, true)) {
      // Problems found by the server are shown like the client's own; say who found them.
      if (err.status) this.notice("fail", "The server refused the request: fix the fields marked above.", detail(err));
      return;
    }
    this.notice("fail", advice(err), detail(err));
  }

  /** Shows `problems` next to their fields; returns whether any field of the panel took one. */
  showProblems(problems, focus) {
    const errors = {};
    const entries = [];
    for (const p of problems) {
      // A schedule's status problems (`status.text`) are the status's fields.
      const field = p.field.replace(/^status\./, "");
      const base = field.replace(/\[\d+\]$/, "");
      const input = this.fields[base];
      if (!input) continue;
      // A list entry's own problem is shown beside it in the review; the field says which.
      if (field !== base) entries.push(Number(field.slice(base.length + 1, -1)) + 1);
      else (errors[input] ??= []).push(sentence(p.message));
    }
    if (entries.length) {
      const which = entries.length === 1 ? `entry ${entries[0]}` : `entries ${entries.slice(0, -1).join(", ")} and ${entries.at(-1)}`;
      (errors.list ??= []).push(`Fix ${which}, marked ✕ below, before saving.`);
    }
    for (const input of new Set(Object.values(this.fields))) {
      const messages = errors[input] ?? [];
      const el = this.$(input);
      if (messages.length) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
      this.$(`${input}-error`).textContent = messages.join(" ");
    }
    const first = problems.map((p) => this.fields[p.field.replace(/^status\./, "").replace(/\[\d+\]$/, "")]).find(Boolean);
    if (focus && first) {
      this.host.selectTab(this.part);
      this.$(first).focus();
    }
    return Boolean(first);
  }

  /** Shows a notice under the form: `ok` or `fail`, a sentence and a detail; none clears it. */
  notice(kind, text, small) {
    const el = this.$(`${this.part}-notice`);
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
}

/** How many characters the limits count: Unicode scalar values, as the wasm does. */
function chars(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A problem's message as a sentence: the wasm's messages are lower-case clauses. */
function sentence(s) {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
