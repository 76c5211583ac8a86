// Publish a status with wuts-status from Node 22. The same lines work in a page and through a
// bundler: `init()` loads the .wasm that sits beside the package (from disk in Node).
import init, { WutsClient, WutsError, TextStatus, StatusPrivacy } from "wuts-status";

await init();

const client = new WutsClient({
  baseUrl: process.env.WUTS_URL ?? "http://127.0.0.1:8788",
  token: process.env.WUTS_TOKEN ?? "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71",
  timeoutMs: 30000,
});

const status = new TextStatus("We are open today from 9am to 6pm.").backgroundColor("#25D366").font(1);
const { messageId, statusType } = await client.publishText(status);
console.log(`published a ${statusType} status: ${messageId}`);

const privacy = await client.updatePrivacy(StatusPrivacy.whitelist(["+55 11 99999-9999"]));
console.log(`shared with ${privacy.list.join(", ")}`);

try {
  await client.publishText({ text: "   " }); // rejected before anything is sent
} catch (err) {
  if (!(err instanceof WutsError)) throw err;
  console.log(`${err.code} (${err.field}): ${err.message}`);
}
