# The edge proxy (the Rust Worker) under raw `workerd serve`, for scripts/measure/bench.sh and
# scripts/measure/soak.sh. They stage the built bundle into bench/results/stage/rust/ first, so a
# rebuild of build/ during a run does not change what is measured. The token store is the
# in-memory KV service of kv-memory.js; "internet" allows loopback so the Worker reaches
# wuts-local on 127.0.0.1. There is no Rate Limiting binding in raw workerd: the proxy lets
# every request through without one (src/worker/ratelimit.rs).
#   workerd serve bench/workerd/rust.capnp --socket-addr http=127.0.0.1:PORT
#   with WUTS_BACKEND_URL and BENCH_KV (JSON: digest -> tenant record) in the environment
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxy),
    (name = "tokens", worker = .tokens),
    (name = "internet", network = (allow = ["public", "private", "local"])),
    # The Durable Objects' SQLite files; bench/lib.mjs points it at a fresh temporary directory
    # (--directory-path do-storage=DIR).
    (name = "do-storage", disk = (path = "/tmp", writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:18900", http = (), service = "proxy")],
);

const proxy :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [
    (name = "index.js", esModule = embed "../results/stage/rust/index.js"),
    (name = "index_bg.wasm", wasm = embed "../results/stage/rust/index_bg.wasm"),
  ],
  bindings = [
    (name = "WUTS_TOKENS", kvNamespace = "tokens"),
    (name = "WUTS_BACKEND_URL", fromEnvironment = "WUTS_BACKEND_URL"),
    (name = "WUTS_BACKEND_TIMEOUT_MS", text = "15000"),
    (name = "WUTS_IDEMPOTENCY", durableObjectNamespace = "IdempotencyKeys"),
  ],
  # Idempotency keys: the Durable Object class with SQLite storage.
  durableObjectNamespaces = [(className = "IdempotencyKeys", uniqueKey = "wuts-idempotency", enableSql = true)],
  durableObjectStorage = (localDisk = "do-storage"),
  globalOutbound = "internet",
);

const tokens :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [(name = "kv-memory.js", esModule = embed "kv-memory.js")],
  bindings = [(name = "BENCH_KV", fromEnvironment = "BENCH_KV")],
);
