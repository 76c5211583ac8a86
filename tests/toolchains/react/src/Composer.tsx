// The README's React example, with the base URL as a prop. `wuts-published` is reported on the
// page (data-published) so the test sees React's event prop fire.
import { useEffect, useRef } from "react";
import "wuts-status/composer";
import type { PublishedDetail, WutsStatusComposer } from "wuts-status/composer";

export function Composer({ baseUrl, token }: { baseUrl: string; token: string }) {
  const ref = useRef<WutsStatusComposer>(null);
  useEffect(() => {
    if (ref.current) ref.current.token = token;
  }, [token]);
  return (
    <wuts-status-composer
      ref={ref}
      base-url={baseUrl}
      className="composer"
      onwuts-published={(event: CustomEvent<PublishedDetail>) => {
        document.body.dataset.published = event.detail.result.messageId;
      }}
      onwuts-error={(event) => console.error(event.detail.error)}
    />
  );
}
