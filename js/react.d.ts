// `wuts-status/react`: <wuts-status-composer> in React 19's JSX, for TypeScript. Types only;
// add them with `/// <reference types="wuts-status/react" />` (or `import type {} from
// "wuts-status/react"`) in a file the compiler sees. Needs @types/react 19.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type {
  ComposerErrorDetail,
  PrivacySavedDetail,
  PublishedDetail,
  ScheduleCancelledDetail,
  ScheduledDetail,
  WutsStatusComposer,
} from "./composer/element.js";

/**
 * The props of `<wuts-status-composer>` in React 19: React's HTML attributes and `ref`, the
 * `base-url` attribute, and the element's events (React 19 listens for a custom element's
 * event `x` through the prop `onx`). `token` is not a prop on purpose: rendered, it would be an
 * attribute in the markup (on the server too); set it through the ref,
 * `ref.current.token = token`.
 */
export interface WutsStatusComposerProps
  extends DetailedHTMLProps<HTMLAttributes<WutsStatusComposer>, WutsStatusComposer> {
  /** The API's base URL. */
  "base-url"?: string;
  /** A text or media status was published. */
  "onwuts-published"?: (event: CustomEvent<PublishedDetail>) => void;
  /** A text or media status was scheduled. */
  "onwuts-scheduled"?: (event: CustomEvent<ScheduledDetail>) => void;
  /** A schedule was cancelled from the Scheduled panel. */
  "onwuts-schedule-cancelled"?: (event: CustomEvent<ScheduleCancelledDetail>) => void;
  /** The privacy rule was saved. */
  "onwuts-privacy-saved"?: (event: CustomEvent<PrivacySavedDetail>) => void;
  /** A request failed. */
  "onwuts-error"?: (event: CustomEvent<ComposerErrorDetail>) => void;
}

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "wuts-status-composer": WutsStatusComposerProps;
    }
  }
}
