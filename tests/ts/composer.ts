// Uses the composer entry, `wuts-status/composer`, type-checked with `tsc --strict` (never run).
import { mount, TAG, WutsStatusComposer, type ComposerClient, type MountOptions } from "wuts-status/composer";
import { WutsClient, WutsError } from "wuts-status";

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
  mounted.addEventListener("wuts-privacy-saved", (event) => console.log(event.detail.result.type));
  mounted.addEventListener("wuts-error", (event) => {
    const error = event.detail.error;
    if (error instanceof WutsError) console.log(event.detail.kind, error.code);
  });
  mounted.remove();
}
