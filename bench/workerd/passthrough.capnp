# The pass-through Worker (bench/passthrough/worker.mjs) under raw `workerd serve`: the floor
# that scripts/measure/bench.sh compares both proxies with. It reaches wuts-local on 127.0.0.1.
#   workerd serve bench/workerd/passthrough.capnp --socket-addr http=127.0.0.1:PORT
#   with WUTS_BACKEND_URL in the environment
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxy),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:18900", http = (), service = "proxy")],
);

const proxy :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [(name = "worker.js", esModule = embed "../passthrough/worker.mjs")],
  bindings = [(name = "WUTS_BACKEND_URL", fromEnvironment = "WUTS_BACKEND_URL")],
  globalOutbound = "internet",
);
