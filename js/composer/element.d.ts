// The composer widget's types: `wuts-status/composer/element` (and, through it,
// `wuts-status/composer`).
import type { PrivacyUpdated, Published, Schedule, WutsClient } from "../index.js";
import type { WutsError } from "../index.js";

/** The tag the element is registered under. */
export declare const TAG: "wuts-status-composer";

/**
 * What the composer needs of a client; a `WutsClient` has it. The schedule calls serve the
 * Schedule mode and the Scheduled panel, which need the edge proxy.
 */
export type ComposerClient = Pick<WutsClient, "publishText" | "publishMedia" | "updatePrivacy">
  & Partial<Pick<WutsClient, "createSchedule" | "listSchedules" | "cancelSchedule">>;

/** Options of `mount`: a base URL and token, or a ready client. */
export interface MountOptions {
  baseUrl?: string;
  token?: string;
  client?: ComposerClient;
}

/** `wuts-published`: a text or media status was published. */
export interface PublishedDetail {
  kind: "text" | "media";
  result: Published;
}
/** `wuts-scheduled`: a text or media status was scheduled. */
export interface ScheduledDetail {
  kind: "text" | "media";
  schedule: Schedule;
}
/** `wuts-schedule-cancelled`: a schedule was cancelled from the Scheduled panel. */
export interface ScheduleCancelledDetail {
  schedule: Schedule;
}
/** `wuts-privacy-saved`: the privacy rule was saved. */
export interface PrivacySavedDetail {
  result: PrivacyUpdated;
}
/** `wuts-error`: a request failed (validation failures found before sending are not events). */
export interface ComposerErrorDetail {
  kind: "text" | "media" | "privacy" | "schedules";
  error: WutsError | unknown;
}

/**
 * `<wuts-status-composer base-url="...">`, its `token` set as a property: text, media and
 * privacy editors that publish through the package's client, the text and media ones now or
 * scheduled (Schedule mode), and a Scheduled panel listing the upcoming schedules. Theme it with CSS custom
 * properties on the element: `--wuts-fg`, `--wuts-bg`, `--wuts-surface`, `--wuts-muted`,
 * `--wuts-border`, `--wuts-accent`, `--wuts-accent-fg`, `--wuts-error`, `--wuts-success`,
 * `--wuts-focus`, `--wuts-radius`, `--wuts-font`, `--wuts-preview-default-bg`; or with
 * `::part(tabs|preview|dropzone|button)`.
 */
export declare class WutsStatusComposer extends HTMLElement {
  static observedAttributes: string[];
  /** The API's base URL (attribute `base-url`). */
  baseUrl: string;
  /**
   * The per-user API token, a UUID v4. A property only: it is never written to an attribute. A
   * `token` attribute found on the element is moved here and removed, with a console warning.
   */
  token: string;
  /** A client to use instead of one built from `baseUrl` and `token`; `null` for that one. */
  client: ComposerClient | null;
  /** Whether a request is running (also the `busy` attribute). */
  readonly busy: boolean;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(): void;
}

/**
 * Registers the element under `TAG` unless the tag is already taken; does nothing where there
 * is no DOM. `wuts-status/composer` calls it on import.
 */
export declare function defineComposer(): void;

/** Mounts a composer in `target`, registering it first if needed; returns it (`element.remove()` unmounts it). */
export declare function mount(target: Element, options?: MountOptions): WutsStatusComposer;

declare global {
  interface HTMLElementTagNameMap {
    "wuts-status-composer": WutsStatusComposer;
  }
  interface HTMLElementEventMap {
    "wuts-published": CustomEvent<PublishedDetail>;
    "wuts-scheduled": CustomEvent<ScheduledDetail>;
    "wuts-schedule-cancelled": CustomEvent<ScheduleCancelledDetail>;
    "wuts-privacy-saved": CustomEvent<PrivacySavedDetail>;
    "wuts-error": CustomEvent<ComposerErrorDetail>;
  }
}
