// wuts-status in a Node program typed with a Node-only lib (`"lib": ["ES2022"]`,
// `"types": ["node"]`, no DOM), type-checked with `tsc --strict` (never run).
import { readFile } from "node:fs/promises";
import init, { initSync, StatusPrivacy, TextStatus, WutsClient, WutsError, type Published } from "wuts-status";

export async function publish(): Promise<Published> {
  await init();
  await init({ module_or_path: await readFile(new URL(import.meta.resolve("wuts-status/wuts_status_bg.wasm"))) });
  await init({ module_or_path: new URL("https://cdn.example.com/wuts_status_bg.wasm") });
  initSync({ module: new Uint8Array(await readFile("wuts_status_bg.wasm")) });

  const client = new WutsClient({ baseUrl: "http://127.0.0.1:8788", token: "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71" });
  await client.updatePrivacy(StatusPrivacy.contacts());
  try {
    return await client.publishText(new TextStatus("from Node").font(1), { signal: AbortSignal.timeout(5000) });
  } catch (err) {
    if (err instanceof WutsError) console.log(err.code, err.field);
    throw err;
  }
}
