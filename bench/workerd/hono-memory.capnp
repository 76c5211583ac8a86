# The Hono comparison Worker as hono.capnp runs it, with BENCH_TOKEN_MEMORY set: the token
# records it reads from KV are kept in the isolate, as a JavaScript proxy that caches would.
#   workerd serve bench/workerd/hono-memory.capnp --socket-addr http=127.0.0.1:PORT
#   with WUTS_BACKEND_URL and BENCH_KV (JSON: digest -> tenant record) in the environment
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
    (name = "worker.js", esModule = embed "../results/stage/hono/worker.js"),
  ],
  bindings = [
    (name = "WUTS_TOKENS", kvNamespace = "tokens"),
    (name = "WUTS_BACKEND_URL", fromEnvironment = "WUTS_BACKEND_URL"),
    (name = "WUTS_BACKEND_TIMEOUT_MS", text = "15000"),
    (name = "BENCH_TOKEN_MEMORY", text = "1"),
  ],
  globalOutbound = "internet",
);

const tokens :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [(name = "kv-memory.js", esModule = embed "kv-memory.js")],
  bindings = [(name = "BENCH_KV", fromEnvironment = "BENCH_KV")],
);
