/// <reference types="wuts-status/react" />
"use client";
// The README's Next.js example, with the base URL as a prop, and `wuts-published` reported on
// the page (data-published) so the test sees the listener fire after hydration.
import { useEffect, useRef } from "react";
import type { PublishedDetail, WutsStatusComposer } from "wuts-status/composer";

export default function Composer({ baseUrl, token }: { baseUrl: string; token: string }) {
  const ref = useRef<WutsStatusComposer>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onPublished = (event: CustomEvent<PublishedDetail>) => {
      document.body.dataset.published = event.detail.result.messageId;
    };
    element.addEventListener("wuts-published", onPublished);
    let cancelled = false;
    import("wuts-status/composer").then(() => {
      if (cancelled) return;
      element.token = token;
      document.body.dataset.wasm = "ready";
    });
    return () => {
      cancelled = true;
      element.removeEventListener("wuts-published", onPublished);
    };
  }, [token]);
  return <wuts-status-composer ref={ref} base-url={baseUrl} />;
}
