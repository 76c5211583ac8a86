// A tiny app that uses wuts-status as an application would: bundled by esbuild
// (scripts/test-package.sh), then run against wuts-local.
import init, { WutsClient, WutsError, TextStatus } from "wuts-status";

export async function run({ baseUrl, token, wasm }) {
  await init({ module_or_path: wasm });
  const client = new WutsClient({ baseUrl, token });
  const published = await client.publishText(new TextStatus("Hello from a bundle"));
  let rejected = null;
  try {
    await client.publishText({ text: "" });
  } catch (err) {
    rejected = err instanceof WutsError ? err.code : String(err);
  }
  return { statusType: published.statusType, rejected };
}
