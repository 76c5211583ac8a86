// An application as a user writes one: the package's entry and its composer, through a bundler.
// The page reads the API's base URL and token from its address.
import init from "wuts-status";
import { mount } from "wuts-status/composer";

const params = new URLSearchParams(location.search);
try {
  await init();
  mount(document.querySelector("main"), { baseUrl: params.get("base-url"), token: params.get("token") });
  document.body.dataset.wasm = "ready";
} catch (err) {
  document.getElementById("failure").textContent = err.message;
  document.body.dataset.wasm = "failed";
}
