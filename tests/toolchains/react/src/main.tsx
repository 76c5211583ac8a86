// A React 19 app as a user writes one (built by Vite with @vitejs/plugin-react): the composer
// rendered in JSX, its token set through a ref, its events through React's props. The app
// never calls init(): the composer does. The page reads the API's base URL and token from its
// address.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Composer } from "./Composer";

const params = new URLSearchParams(location.search);
const root = document.getElementById("root");
if (!root) throw new Error("no #root");
createRoot(root).render(
  <StrictMode>
    <Composer baseUrl={params.get("base-url") ?? ""} token={params.get("token") ?? ""} />
  </StrictMode>,
);
document.body.dataset.wasm = "ready";
