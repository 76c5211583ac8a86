// A Cloudflare Worker using the npm package as the README says: wrangler imports the .wasm as a
// compiled WebAssembly.Module, and initSync instantiates it when the Worker starts.
import { initSync, TextStatus, WutsError } from "wuts-status";
import wasm from "wuts-status/wuts_status_bg.wasm";

initSync({ module: wasm });

export default {
  async fetch(request) {
    const { text } = await request.json();
    const status = new TextStatus(text).font(1);
    const problems = status.validate();
    return Response.json({ body: status.toJSON(), problems, wutsError: typeof WutsError });
  },
};
