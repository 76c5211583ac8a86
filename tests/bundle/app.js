// A tiny app that uses wuts-status as an application would: bundled by esbuild
// (scripts/test/package.sh), then run against wuts-local.
import init, { WutsClient, WutsError, TextStatus, MediaStatus } from "wuts-status";

export async function run({ baseUrl, token, wasm }) {
  await init({ module_or_path: wasm });
  // The entry adds fromBlob to MediaStatus: the bundler must keep that side effect.
  if (typeof MediaStatus.fromBlob !== "function") throw new Error("the bundle lost MediaStatus.fromBlob");
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
