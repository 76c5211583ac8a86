# The JavaScript-entry variant of the edge proxy (bench/js-entry/worker.mjs over the crate's
# `bench-js-entry` wasm exports), for scripts/measure/bench.sh, configured like rust.capnp: the
# in-memory KV token store, loopback allowed, no Rate Limiting binding. scripts/measure/bench.sh stages
# the build into bench/results/stage/js-entry/.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxy),
    (name = "tokens", worker = .tokens),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:18900", http = (), service = "proxy")],
);

const proxy :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [
    (name = "worker.mjs", esModule = embed "../js-entry/worker.mjs"),
    (name = "variant.js", esModule = embed "../results/stage/js-entry/variant.js"),
    (name = "variant_bg.wasm", wasm = embed "../results/stage/js-entry/variant_bg.wasm"),
  ],
  bindings = [
    (name = "WUTS_TOKENS", kvNamespace = "tokens"),
    (name = "WUTS_BACKEND_URL", fromEnvironment = "WUTS_BACKEND_URL"),
  ],
  globalOutbound = "internet",
);

const tokens :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [(name = "kv-memory.js", esModule = embed "kv-memory.js")],
  bindings = [(name = "BENCH_KV", fromEnvironment = "BENCH_KV")],
);
