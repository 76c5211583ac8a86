//! `wuts-local`: serves the WUTS status API locally. See `wuts-local --help`.

use std::io::Write;
use std::process::ExitCode;

use tokio::net::TcpListener;
use wuts_status::local::{serve_until, terminated, Command, USAGE};

fn main() -> ExitCode {
    let args = std::env::args().skip(1);
    let port = std::env::var("WUTS_LOCAL_PORT").ok();
    let (listen, options) = match Command::parse(args, port.as_deref()) {
        Ok(Command::Serve { listen, options }) => (listen, options),
        Ok(Command::Help) => {
            let _ = std::io::stdout().lock().write_all(USAGE.as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("wuts-local: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("wuts-local: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let served = runtime.block_on(async {
        let shutdown = terminated();
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        // Scripts and tests wait for this exact line. A closed stdout is no reason not to serve.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "wuts-local listening on http://{addr}");
        let _ = stdout.flush();
        drop(stdout);
        serve_until(listener, options, shutdown).await
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("wuts-local: cannot serve on {listen}: {err}");
            ExitCode::FAILURE
        }
    }
}
