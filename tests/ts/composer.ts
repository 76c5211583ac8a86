// Uses the composer's entries, `wuts-status/composer` and `wuts-status/composer/element`,
// type-checked with `tsc --strict` (never run).
import { mount, TAG, WutsStatusComposer, defineComposer, type ComposerClient, type MountOptions } from "wuts-status/composer";
import * as element from "wuts-status/composer/element";
import { WutsClient, WutsError } from "wuts-status";

export function registerLater(): void {
  const define: () => void = element.defineComposer;
  define();
  defineComposer();
  const same: typeof WutsStatusComposer = element.WutsStatusComposer;
  const tag: "wuts-status-composer" = element.TAG;
  const mounted: element.WutsStatusComposer = element.mount(document.body, { token: "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71" });
  console.log(same, tag, mounted.token);
}

export function composer(target: Element, client: WutsClient): void {
  const tag: "wuts-status-composer" = TAG;
  const options: MountOptions = {
    baseUrl: "https://edge.example.com",
    token: "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71",
  };
  const mounted: WutsStatusComposer = mount(target, options);
  const withClient = mount(target, { client });
  const own: ComposerClient = client;
  withClient.client = own;
  withClient.client = null;

  const element = document.createElement(tag);
  const typed: WutsStatusComposer = element;
  typed.baseUrl = "/api";
  typed.token = options.token ?? "";
  const busy: boolean = typed.busy;
  const attributes: string[] = WutsStatusComposer.observedAttributes;
  console.log(busy, attributes, mounted instanceof WutsStatusComposer, mounted instanceof HTMLElement);

  mounted.addEventListener("wuts-published", (event) => {
    const kind: "text" | "media" = event.detail.kind;
    console.log(kind, event.detail.result.messageId);
  });
  mounted.addEventListener("wuts-scheduled", (event) => {
    const kind: "text" | "media" = event.detail.kind;
    console.log(kind, event.detail.schedule.id, event.detail.schedule.next_run);
  });
  mounted.addEventListener("wuts-schedule-cancelled", (event) => console.log(event.detail.schedule.state));
  mounted.addEventListener("wuts-privacy-saved", (event) => console.log(event.detail.result.type));
  mounted.addEventListener("wuts-error", (event) => {
    const error = event.detail.error;
    const kind: "text" | "media" | "privacy" | "schedules" = event.detail.kind;
    if (error instanceof WutsError) console.log(kind, error.code);
  });
  mounted.remove();
}
