# bench/do-call/worker.mjs under raw `workerd serve`, its Durable Objects' SQLite in the directory
# given with --directory-path do-storage=DIR.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .main),
    (name = "do-storage", disk = (path = "/tmp", writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:18950", http = (), service = "main")],
);

const main :Workerd.Worker = (
  compatibilityDate = "2025-11-01",
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  bindings = [(name = "KEYS", durableObjectNamespace = "Keys")],
  durableObjectNamespaces = [(className = "Keys", uniqueKey = "do-call-keys", enableSql = true)],
  durableObjectStorage = (localDisk = "do-storage"),
);
