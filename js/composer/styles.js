// The composer's stylesheet, scoped by its shadow root. Pages theme it through the `--wuts-*`
// custom properties, read once here into private `--_*` ones, and through the parts that
// template.js names.
export const styles = `
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
/* The chosen tab joins its panel's background, where the accent reads at 4.5:1 or more. */
[role="tab"][aria-selected="true"] { color: var(--_accent); background: var(--_bg); border-bottom-color: var(--_accent); }
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
/* Inside the tab, so the host's rounded, clipped edge never cuts the ring. */
[role="tab"]:focus-visible { outline-offset: -3px; }
.error { color: var(--_error); font-size: .88em; font-weight: 600; margin: 0; }
.error:empty { display: none; }
.preview {
  display: grid; place-items: center; min-height: 9rem; padding: 1.2rem; text-align: center;
  border-radius: var(--_radius); background: var(--_preview-bg); color: #fff;
  font-size: 1.35em; white-space: pre-wrap; overflow-wrap: anywhere;
}
/* The placeholder is told apart by its style, not by fading: faded, white on the default grey
   falls under 4.5:1. */
.preview.empty { font-style: italic; }
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
meter, progress { width: 100%; }
.actions { display: flex; flex-wrap: wrap; gap: .6rem; margin: 0; }
fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: .35rem; }
.choice { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
.choice input { margin: 0; }
.review { list-style: none; margin: 0; padding: 0; display: grid; gap: .25rem; max-height: 22rem; overflow: auto; font-size: .9em; }
.review li { display: grid; grid-template-columns: 1.4rem 1fr; gap: .1rem .4rem; padding: .35rem .5rem; border-radius: 6px; background: var(--_surface); }
.review li .mark { grid-row: span 2; font-weight: 700; }
.review li.ok .mark { color: var(--_success); }
/* A dropped duplicate: outlined and struck through, not faded (faded, its note falls under 4.5:1). */
.review li.dup { background: none; box-shadow: inset 0 0 0 1px var(--_border); }
.review li.dup .entry { text-decoration: line-through; }
.review li.bad { background: color-mix(in srgb, var(--_error) 10%, var(--_bg)); }
.review li.bad .mark, .review li.bad .note { color: var(--_error); }
.review .note { color: var(--_muted); }
.review .entry { font-family: ui-monospace, Menlo, monospace; overflow-wrap: anywhere; }
.summary { font-size: .9em; margin: 0; }
.schedule { display: grid; gap: .7rem; padding: .8rem; border-radius: calc(var(--_radius) * .6); background: var(--_surface); }
.schedule input[type="date"], .schedule input[type="time"] {
  padding: .5rem .6rem; font: inherit; color: inherit; background: var(--_bg);
  border: 1px solid var(--_border); border-radius: calc(var(--_radius) * .6);
}
fieldset.days { grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); }
fieldset.days .error { grid-column: 1 / -1; }
.stack { display: grid; gap: .9rem; }
.schedules { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
.schedules li {
  display: grid; grid-template-columns: 1fr auto; gap: .15rem .8rem; align-items: center;
  padding: .6rem .75rem; border-radius: calc(var(--_radius) * .6); background: var(--_surface);
}
.schedules .what { font-weight: 600; }
.schedules .next, .schedules .last { color: var(--_muted); font-size: .9em; grid-column: 1; }
.schedules .last.failed, .schedules .last.missed, .schedules .last.refused { color: var(--_error); }
.schedules button { grid-column: 2; grid-row: 1 / span 3; }
.schedules button:disabled { opacity: .6; cursor: progress; }
.notice { margin: 0; padding: .7rem .85rem; border-radius: calc(var(--_radius) * .6); border-left: 4px solid; }
.notice:empty { display: none; }
.notice.ok { border-color: var(--_success); background: color-mix(in srgb, var(--_success) 10%, var(--_bg)); }
.notice.fail { border-color: var(--_error); background: color-mix(in srgb, var(--_error) 9%, var(--_bg)); }
.notice strong { display: block; }
.notice small { display: block; margin-top: .25rem; color: var(--_muted); }
@media (prefers-reduced-motion: reduce) { button.primary[aria-busy="true"]::before { animation: none; } }
`;
