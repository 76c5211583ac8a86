// The tab list: one tab per panel, chosen by click or, as the ARIA tabs pattern has it, by the
// arrow keys (wrapping at either end), Home and End, with only the chosen tab in the focus
// order (a roving tabindex): a tab reached by the keyboard is chosen at once, its panel shown.
export class Tabs {
  #$;
  #tabs;
  #chosen;

  /**
   * @param {ShadowRoot} root @param {(id: string) => HTMLElement} $
   * @param {(name: string) => void} chosen hears the name of each panel shown
   */
  constructor(root, $, chosen) {
    this.#$ = $;
    this.#chosen = chosen;
    const tabs = (this.#tabs = [...root.querySelectorAll('[role="tab"]')]);
    for (const tab of tabs) {
      tab.addEventListener("click", () => this.#select(tab, false));
      tab.addEventListener("keydown", (e) => {
        const i = tabs.indexOf(tab);
        const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        // With a modifier the keys are the browser's or the system's (Alt+Left goes back).
        if (next === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
        e.preventDefault();
        this.#select(tabs[(next + tabs.length) % tabs.length], true);
      });
    }
  }

  /** Shows the panel `name` (`text`, `media`, `privacy`, `schedules`). */
  select(name) {
    this.#select(this.#$(`tab-${name}`), false);
  }

  #select(tab, focus) {
    for (const t of this.#tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      this.#$(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
    this.#chosen?.(tab.id.slice("tab-".length));
  }
}
