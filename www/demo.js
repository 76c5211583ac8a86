// The demo page: reads the API's base URL and token from the address or the form and hands
// them to the composer. The composer itself comes from the built package, served at /pkg/.
import "/pkg/composer.js";

const composer = document.getElementById("composer");
const form = document.getElementById("connection");
const params = new URLSearchParams(location.search);

form.elements["base-url"].value = params.get("base-url") ?? `${location.protocol}//${location.hostname}:8787`;
form.elements.token.value = params.get("token") ?? "";

// The token is a property, never an attribute, so it does not sit in the page's DOM.
function connect() {
  composer.baseUrl = form.elements["base-url"].value.trim();
  composer.token = form.elements.token.value.trim();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  connect();
  const url = new URL(location.href);
  url.searchParams.set("base-url", form.elements["base-url"].value.trim());
  url.searchParams.set("token", form.elements.token.value.trim());
  history.replaceState(null, "", url);
});
connect();
