// The Scheduled panel: the upcoming (active) scheduled statuses, each with its next run in the
// person's own time and a Cancel button. Read when the panel is first shown, again after a
// schedule is made, and on Refresh; what happens is said in a live region.
import { WutsError } from "../index.js";
import { advice, detail } from "./advice.js";
import { DAYS, localTime, timeZone } from "./when.js";

export class SchedulesPanel {
  #started = false;
  // Whether the list shown is out of date: nothing read yet, or a schedule made since.
  #stale = true;
  // The latest read: an older one that answers late is ignored.
  #reading = 0;

  /** @param {import("./panel.js").Host} host */
  constructor(host) {
    this.host = host;
    this.$ = host.$;
    this.$("refresh-schedules").addEventListener("click", () => this.read());
  }

  start() {
    this.#started = true;
    if (!this.$("panel-schedules").hidden) this.read();
  }

  connected() {}
  disconnected() {}

  /** The panel was chosen: reads the list unless it is up to date. */
  shown() {
    if (this.#stale) this.read();
  }

  /** A schedule was made: the list is read again, now if it is showing, else when it is shown. */
  changed() {
    this.#stale = true;
    if (!this.$("panel-schedules").hidden) this.read();
  }

  async read() {
    if (!this.#started) return;
    const reading = ++this.#reading;
    this.#notice();
    this.#say("Reading the scheduled statuses…");
    try {
      const all = await this.host.client().listSchedules();
      if (reading !== this.#reading) return;
      this.#stale = false;
      this.#show(all.filter((s) => s.state === "active"));
    } catch (err) {
      if (reading !== this.#reading) return;
      this.#say("");
      this.#failed(err, "The scheduled statuses could not be read.");
    }
  }

  #show(schedules) {
    const list = this.$("schedules");
    list.replaceChildren();
    schedules.forEach((schedule, i) => {
      const li = document.createElement("li");
      const what = document.createElement("span");
      what.className = "what";
      what.id = `schedule-${i}`;
      what.textContent = describe(schedule);
      const next = document.createElement("span");
      next.className = "next";
      next.textContent = schedule.next_run ? `Next: ${localTime(schedule.next_run)}` : "No run left";
      li.append(what, next);
      const last = schedule.runs?.[0];
      if (last) {
        const ran = document.createElement("span");
        ran.className = `last ${last.outcome}`;
        ran.textContent = `Last run ${localTime(last.at)}: ${last.outcome}${last.error ? ` (${last.error.code})` : ""}`;
        li.append(ran);
      }
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "button";
      cancel.textContent = "Cancel";
      cancel.setAttribute("aria-describedby", what.id);
      cancel.addEventListener("click", () => this.#cancel(schedule, li, cancel));
      li.append(cancel);
      list.append(li);
    });
    list.hidden = !schedules.length;
    const n = schedules.length;
    this.#say(n ? `${n} upcoming scheduled status${n === 1 ? "" : "es"}.` : "No upcoming scheduled statuses.");
  }

  async #cancel(schedule, li, button) {
    if (button.disabled) return;
    this.#notice();
    button.disabled = true;
    button.textContent = "Cancelling…";
    const what = describe(schedule);
    try {
      const cancelled = await this.host.client().cancelSchedule(schedule.id);
      this.#removed(li);
      this.#say(`Cancelled: ${what}.`);
      this.host.emit("wuts-schedule-cancelled", { schedule: cancelled });
    } catch (err) {
      if (err instanceof WutsError && err.code === "not_found") {
        // Already gone (ended, or cancelled elsewhere): the list is read again.
        this.#removed(li);
        this.#notice("fail", "That schedule no longer exists.", detail(err));
        this.read();
        return;
      }
      button.disabled = false;
      button.textContent = "Cancel";
      button.focus();
      this.#failed(err, "The schedule could not be cancelled.");
    }
  }

  /** Takes `li` out of the list, the focus to the next item's button, else the previous, else Refresh. */
  #removed(li) {
    const to = (li.nextElementSibling ?? li.previousElementSibling)?.querySelector("button") ?? this.$("refresh-schedules");
    li.remove();
    const list = this.$("schedules");
    list.hidden = !list.children.length;
    to.focus();
  }

  #failed(err, what) {
    this.host.emit("wuts-error", { kind: "schedules", error: err });
    if (!(err instanceof WutsError)) this.#notice("fail", what, String(err?.message ?? err));
    else this.#notice("fail", `${what} ${advice(err)}`, detail(err));
  }

  /** The live region's sentence. */
  #say(text) {
    this.$("schedules-status").textContent = text;
  }

  #notice(kind, text, small) {
    const el = this.$("schedules-notice");
    el.replaceChildren();
    el.className = `notice ${kind ?? ""}`;
    el.setAttribute("role", kind === "fail" ? "alert" : "status");
    if (!kind) return;
    const strong = document.createElement("strong");
    strong.textContent = text;
    const s = document.createElement("small");
    s.textContent = small;
    el.append(strong, s);
  }
}

/** A schedule in words: "Text status, on Monday and Friday at 09:00". */
function describe(schedule) {
  const what = schedule.request === "media" ? "Photo or video status" : "Text status";
  const repeat = schedule.repeat;
  if (!repeat) return `${what}, once`;
  const names = Object.fromEntries(DAYS);
  const days = repeat.every === "week" ? `on ${joined((repeat.weekdays ?? []).map((d) => names[d] ?? d))}` : "every day";
  const zone = repeat.time_zone === timeZone() ? "" : ` (${repeat.time_zone.replaceAll("_", " ")} time)`;
  return `${what}, ${days} at ${repeat.time}${zone}`;
}

/** `a`, `a and b`, `a, b and c`. */
function joined(words) {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
