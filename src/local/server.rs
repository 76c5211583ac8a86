//! Accepting connections, serving them with hyper, and stopping cleanly.

use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream, ToSocketAddrs};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use super::faults::FaultQueue;
use super::routes;
use super::stamp::Stamper;
use super::store::Store;
use super::Options;

/// How long a stop waits for requests in flight (a delayed one, say) before closing anyway.
const GRACE: Duration = Duration::from_secs(5);

/// Everything the requests of one server share. Each lock is held for a few field updates,
/// never across an `.await`.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) options: Options,
    pub(crate) stamps: Stamper,
    store: Mutex<Store>,
    faults: Mutex<FaultQueue>,
}

impl State {
    fn new(options: Options) -> Self {
        Self {
            store: Mutex::new(Store::new(options.max_published)),
            faults: Mutex::new(FaultQueue::default()),
            stamps: Stamper::new(),
            options,
        }
    }

    // A panic cannot happen while these locks are held, but if one ever did, the data is still
    // consistent enough for a test backend: keep serving rather than fail every request after.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, FaultQueue> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Serves the WUTS API and the control endpoints on `listener` until the process ends.
pub async fn serve(listener: TcpListener, options: Options) -> io::Result<()> {
    serve_until(listener, options, std::future::pending()).await
}

/// Serves on `listener` until `shutdown` completes, then stops accepting, lets requests in
/// flight finish (for a few seconds at most) and returns.
pub async fn serve_until<F>(listener: TcpListener, options: Options, shutdown: F) -> io::Result<()>
where
    F: Future<Output = ()>,
{
    let state = Arc::new(State::new(options));
    let (stop, stopping) = watch::channel(());
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => spawn_connection(stream, Arc::clone(&state), stopping.clone()),
                Err(err) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // neither ends the server. The pause keeps a full descriptor table from
                    // spinning the loop.
                    let _ = writeln!(io::stderr().lock(), "wuts-local: accept failed: {err}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    drop(stopping);
    let _ = stop.send(());
    // `closed` completes once every connection has dropped its receiver, that is, finished.
    let _ = tokio::time::timeout(GRACE, stop.closed()).await;
    Ok(())
}

fn spawn_connection(stream: TcpStream, state: Arc<State>, mut stopping: watch::Receiver<()>) {
    // Answers are small and written at once: sending them without Nagle's delay keeps
    // keep-alive latency low.
    let _ = stream.set_nodelay(true);
    tokio::spawn(async move {
        let service = service_fn(move |request| routes::handle(Arc::clone(&state), request));
        let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        tokio::select! {
            // An error here is the client going away or a `drop` fault: nothing to report.
            _ = connection.as_mut() => {}
            _ = stopping.changed() => {
                connection.as_mut().graceful_shutdown();
                let _ = connection.as_mut().await;
            }
        }
    });
}

/// A server running in the background of the current tokio runtime, as tests start it.
/// Dropping the handle stops the server too.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use wuts_status::local::{LocalServer, Options};
///
/// let server = LocalServer::start("127.0.0.1:0", Options::default()).await?;
/// println!("WUTS at {}", server.url());
/// server.shutdown().await
/// # }
/// ```
#[derive(Debug)]
pub struct LocalServer {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

impl LocalServer {
    /// Binds `addr` (port 0 picks a free one) and starts serving.
    pub async fn start(addr: impl ToSocketAddrs, options: Options) -> io::Result<Self> {
        Self::from_listener(TcpListener::bind(addr).await?, options)
    }

    /// Starts serving on a listener the caller bound.
    pub fn from_listener(listener: TcpListener, options: Options) -> io::Result<Self> {
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        // A dropped sender also resolves `stopped`, which is what makes dropping the handle stop
        // the server.
        let task = tokio::spawn(serve_until(listener, options, async move {
            let _ = stopped.await;
        }));
        Ok(Self { addr, stop, task })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, `http://127.0.0.1:PORT`, with no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(self) -> io::Result<()> {
        let Self { stop, task, .. } = self;
        let _ = stop.send(());
        task.await.map_err(io::Error::other)?
    }
}

/// A future that completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM: the shutdown future of the
/// binary. The handlers are installed when this is called, not when the future is first
/// polled, so a signal sent as soon as the server says it is listening is not lost. Call it
/// inside a tokio runtime.
#[cfg(unix)]
pub fn terminated() -> impl Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{signal, SignalKind};
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
    async move {
        match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            (Ok(mut one), Err(_)) | (Err(_), Ok(mut one)) => {
                one.recv().await;
            }
            // No handler could be installed: the default action (exit) still applies, so
            // waiting forever is right.
            (Err(_), Err(_)) => std::future::pending().await,
        }
    }
}

/// A future that completes on Ctrl-C: the shutdown future of the binary.
#[cfg(not(unix))]
pub fn terminated() -> impl Future<Output = ()> + Send + 'static {
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
