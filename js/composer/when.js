// "Publish now" or "Schedule" on the text and media panels: a date and a time in the person's own
// time zone, once, every day or on chosen weekdays. What it reads becomes the schedule's `at`
// (RFC 3339 with the local offset) or `repeat` (`time` and the IANA `time_zone`); the proxy
// judges the time itself, this only catches what is plainly missing or past.

/** The days of `repeat.weekdays`, with their names. */
export const DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"], ["fri", "Friday"], ["sat", "Saturday"], ["sun", "Sunday"]];

/** An RFC 3339 instant in the person's own zone, for people: `Tue, 16 Jun, 09:30`. */
export function localTime(instant) {
  return new Date(instant).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** The person's IANA time zone, as the browser knows it. */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export class When {
  #$;
  #part;

  /**
   * @param {(id: string) => HTMLElement} $ the shadow root's nodes by id
   * @param {string} part the panel's name, which starts the ids of its controls
   * @param {() => void} changed called when the mode changes (the panel relabels its button)
   */
  constructor($, part, changed) {
    this.#$ = $;
    this.#part = part;
    this.form = $(`form-${part}`);
    this.form.addEventListener("change", (e) => {
      if (e.target.name === `${part}-mode` || e.target.name === `${part}-repeat`) {
        this.#show();
        if (e.target.name === `${part}-mode`) changed();
      }
    });
  }

  /** The panel's field map for the schedule's problems: wire field to the control showing it. */
  fields() {
    const p = this.#part;
    return { at: `${p}-date`, time: `${p}-time`, "repeat.time": `${p}-time`, "repeat.time_zone": `${p}-time`, "repeat.weekdays": `${p}-days` };
  }

  /** Whether the panel schedules rather than publishes now. */
  get scheduled() {
    return this.#value("mode") === "schedule";
  }

  /**
   * What the controls say: `{ when, problems }`, `when` being `null` to publish now, else
   * `{ at }` or `{ repeat }` for `createSchedule`.
   */
  read() {
    if (!this.scheduled) return { when: null, problems: [] };
    const $ = this.#$;
    const p = this.#part;
    const repeat = this.#value("repeat");
    const date = $(`${p}-date`).value;
    const time = $(`${p}-time`).value;
    const problems = [];
    const problem = (field, message) => problems.push({ field, code: "required", message });
    if (repeat === "once" && !date) problem("at", "choose a date");
    if (!time) problem("time", "choose a time");
    const weekdays = [...this.form.querySelectorAll(`input[name="${p}-weekday"]:checked`)].map((box) => box.value);
    if (repeat === "week" && !weekdays.length) problem("repeat.weekdays", "choose at least one day");
    if (problems.length) return { when: null, problems };
    if (repeat === "once") {
      const at = localDate(date, time);
      if (at <= Date.now()) return { when: null, problems: [{ field: "at", code: "invalid", message: "is in the past: choose a later time" }] };
      return { when: { at: rfc3339(at) }, problems };
    }
    // A repeat's time is HH:MM; a time input may hold seconds.
    const every = { every: repeat, time: time.slice(0, 5), time_zone: timeZone() };
    return { when: { repeat: repeat === "week" ? { ...every, weekdays } : every }, problems };
  }

  /** Back to "Publish now", the schedule's controls cleared: after a schedule is made. */
  reset() {
    this.form.querySelector(`input[name="${this.#part}-mode"][value="now"]`).checked = true;
    this.#show();
  }

  #value(name) {
    return this.form.querySelector(`input[name="${this.#part}-${name}"]:checked`)?.value;
  }

  #show() {
    const $ = this.#$;
    const p = this.#part;
    const box = $(`${p}-schedule`);
    const opening = box.hidden && this.scheduled;
    box.hidden = !this.scheduled;
    const repeat = this.#value("repeat");
    $(`${p}-date-field`).hidden = repeat !== "once";
    $(`${p}-days`).hidden = repeat !== "week";
    $(`${p}-zone`).textContent = `Times are in your time zone, ${timeZone().replaceAll("_", " ")}.`;
    if (opening) {
      // Today, at the next full hour, as a starting point.
      const next = new Date(Date.now() + 3600e3);
      next.setMinutes(0, 0, 0);
      const date = $(`${p}-date`);
      date.min = isoDate(new Date());
      date.value ||= isoDate(next);
      $(`${p}-time`).value ||= `${pad(next.getHours())}:00`;
    }
  }
}

/** `2026-06-16` and `09:30` (or `09:30:15`) in the local zone, as a Date. */
function localDate(date, time) {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm, ss = 0] = time.split(":").map(Number);
  return new Date(y, m - 1, d, hh, mm, ss);
}

const pad = (n) => String(n).padStart(2, "0");

/** The local calendar date of `t`, as a date input writes it. */
function isoDate(t) {
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** `t` in RFC 3339 with the local offset: `2026-06-16T09:30:00-03:00`. */
export function rfc3339(t) {
  const offset = -t.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${isoDate(t)}T${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
