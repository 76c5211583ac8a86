// The privacy panel: who can see the user's statuses, and for a list, each pasted entry as the
// wasm normalizes it (the JID it becomes, a repeat of an earlier one, or why not) before saving.
import { StatusPrivacy, reviewPrivacyList } from "../index.js";
import { Panel } from "./panel.js";

const LIST_SPLIT = /[\n,;]+/;

export class PrivacyPanel extends Panel {
  #listTouched = false;

  constructor(host) {
    super(host, "privacy", {
      fields: { list: "list", type: "list" },
      labels: ["Save privacy", "Saving…"],
    });
    for (const radio of this.form.querySelectorAll('input[name="audience"]')) {
      this.on(radio, "change", () => this.#audienceChanged());
    }
    this.on(this.$("list"), "input", () => {
      this.#listTouched = true;
      this.#reviewList();
    });
    this.submitOnCtrlEnter(this.$("list"));
  }

  start(limits) {
    super.start(limits);
    this.#audienceChanged();
  }

  check() {
    this.#listTouched = true;
    const request = this.#privacy();
    return { request, problems: request.validate() };
  }

  send(client, request) {
    return client.updatePrivacy(request);
  }

  succeeded(result) {
    const type = result.type ?? this.#audience();
    const n = result.list?.length ?? 0;
    const who =
      type === "whitelist"
        ? `only ${n} contact${n === 1 ? "" : "s"} can see your status updates`
        : type === "blacklist"
          ? `all your contacts except ${n} can see your status updates`
          : "all your contacts can see your status updates";
    this.notice("ok", `Saved: ${who}.`);
    this.host.emit("wuts-privacy-saved", { result });
  }

  #audience() {
    return this.form.querySelector('input[name="audience"]:checked').value;
  }

  #entries() {
    return this.$("list")
      .value.split(LIST_SPLIT)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  #privacy() {
    const audience = this.#audience();
    return audience === "contacts" ? StatusPrivacy.contacts() : StatusPrivacy[audience](this.#entries());
  }

  #audienceChanged() {
    this.$("list-field").hidden = this.#audience() === "contacts";
    this.showProblems([], false);
    this.#reviewList();
  }

  #reviewList() {
    const list = this.$("review");
    list.replaceChildren();
    const entries = this.#entries();
    let ok = 0;
    let dup = 0;
    let bad = 0;
    reviewPrivacyList(entries).forEach((r, i) => {
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
      const max = this.limits.maxPrivacyEntries;
      parts.push(`${ok} contact${ok === 1 ? "" : "s"} will be saved`);
      if (dup) parts.push(`${dup} duplicate${dup === 1 ? "" : "s"} dropped`);
      if (bad) parts.push(`${bad} entr${bad === 1 ? "y" : "ies"} to fix`);
      if (ok > max) parts.push(`the limit is ${max}`);
    }
    this.$("list-summary").textContent = parts.length ? `${parts.join(", ")}.` : "";
    list.hidden = !entries.length;
    if (this.checked && this.#listTouched) this.showProblems(this.#privacy().validate(), false);
  }
}
