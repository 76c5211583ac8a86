# Another build of the edge proxy, staged by scripts/measure/bench.sh from BENCH_BASELINE (a build/
# directory, for example of an earlier commit) into bench/results/stage/baseline/, so a
# before and an after are measured in one run. Otherwise set up exactly as rust.capnp.
#   workerd serve bench/workerd/baseline.capnp --socket-addr http=127.0.0.1:PORT
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
    (name = "index.js", esModule = embed "../results/stage/baseline/index.js"),
    (name = "index_bg.wasm", wasm = embed "../results/stage/baseline/index_bg.wasm"),
  ],
  bindings = [
    (name = "WUTS_TOKENS", kvNamespace = "tokens"),
    (name = "WUTS_BACKEND_URL", fromEnvironment = "WUTS_BACKEND_URL"),
    (name = "WUTS_BACKEND_TIMEOUT_MS", text = "15000"),
    (name = "WUTS_IDEMPOTENCY", durableObjectNamespace = "IdempotencyKeys"),
  ],
  # Idempotency keys: the Durable Object class with SQLite storage.
  durableObjectNamespaces = [(className = "IdempotencyKeys", uniqueKey = "wuts-idempotency-baseline", enableSql = true)],
  durableObjectStorage = (localDisk = "do-storage"),
  globalOutbound = "internet",
);

const tokens :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [(name = "kv-memory.js", esModule = embed "kv-memory.js")],
  bindings = [(name = "BENCH_KV", fromEnvironment = "BENCH_KV")],
);
