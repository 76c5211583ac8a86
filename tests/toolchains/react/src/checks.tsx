// What the JSX declarations refuse, checked by `tsc --strict` (an unused @ts-expect-error fails).
import type { ComposerErrorDetail } from "wuts-status/composer";

export const refused = [
  // @ts-expect-error: the token is a property set through a ref, never an attribute in markup.
  <wuts-status-composer token="3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71" />,
  // @ts-expect-error: the attribute is a string.
  <wuts-status-composer base-url={8787} />,
  // @ts-expect-error: wuts-error's detail is a ComposerErrorDetail, not a PublishedDetail.
  <wuts-status-composer onwuts-error={(event) => event.detail.result} />,
  <wuts-status-composer onwuts-error={(event: CustomEvent<ComposerErrorDetail>) => event.detail.kind} />,
];
