//! The command line of the `wuts-local` binary.

use std::net::{Ipv4Addr, SocketAddr};

use super::Options;

/// The port when neither `--listen` nor `WUTS_LOCAL_PORT` gives one.
pub const DEFAULT_PORT: u16 = 8788;

/// `wuts-local --help`.
pub const USAGE: &str = "\
wuts-local: a local WUTS status backend for development, tests and benchmarks

Usage: wuts-local [--listen ADDR] [--log]

Options:
  --listen ADDR  address to listen on, as IP:PORT (or a bare PORT on 127.0.0.1);
                 default 127.0.0.1:$WUTS_LOCAL_PORT, else 127.0.0.1:8788
  --log          print one line per request to stdout
  -h, --help     print this help

API (Authorization: Bearer <UUID v4>):
  POST /status/text, POST /status/media, PUT /status/privacy

Control (no auth):
  GET  /_local/published[?token=T]   what was published, oldest first
  GET  /_local/privacy[?token=T]     the privacy rule in force per token
  POST /_local/faults                queue a failure: {\"fault\": F, \"count\": N, \"delay_ms\": N,
                                     \"shape\": \"nested\"|\"flat\", \"path\": \"/status/text\"}
                                     F: invalid_request, VALIDATION_ERROR, device_error,
                                     status_failed, device_disconnected, status_timeout,
                                     non_json, delay, drop
  GET  /_local/faults                the faults not yet used
  POST /_local/reset                 forget everything
  GET  /_local/healthz               {\"ok\":true}
";

/// What the command line asks for.
#[derive(Debug, Clone)]
pub enum Command {
    /// Serve on `listen` with `options`.
    Serve {
        /// Where to listen.
        listen: SocketAddr,
        /// How to serve.
        options: Options,
    },
    /// Print [`USAGE`] and exit.
    Help,
}

impl Command {
    /// Reads the arguments (without the program name) and the value of `WUTS_LOCAL_PORT`,
    /// which sets the port on 127.0.0.1 when `--listen` is absent. The error is a message for
    /// the user.
    pub fn parse<I>(args: I, port_env: Option<&str>) -> Result<Self, String>
    where
        I: IntoIterator<Item = String>,
    {
        let mut listen = None;
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
                _ => (arg.as_str(), None),
            };
            match name {
                "-h" | "--help" => return Ok(Self::Help),
                "--log" if inline.is_none() => options = options.log(true),
                "--listen" => {
                    let value = inline
                        .or_else(|| args.next())
                        .ok_or("--listen needs an address, such as 127.0.0.1:8788")?;
                    listen = Some(parse_listen(&value)?);
                }
                _ => return Err(format!("unknown argument {arg:?} (see --help)")),
            }
        }
        let listen = match listen {
            Some(listen) => listen,
            None => {
                let port = match port_env.map(str::trim).filter(|p| !p.is_empty()) {
                    Some(port) => port
                        .parse::<u16>()
                        .map_err(|_| format!("WUTS_LOCAL_PORT={port:?} is not a port number"))?,
                    None => DEFAULT_PORT,
                };
                SocketAddr::from((Ipv4Addr::LOCALHOST, port))
            }
        };
        Ok(Self::Serve { listen, options })
    }
}

fn parse_listen(value: &str) -> Result<SocketAddr, String> {
    if let Ok(port) = value.parse::<u16>() {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    value.parse().map_err(|_| {
        format!("--listen {value:?} is not an address: use IP:PORT, such as 127.0.0.1:8788")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: Option<&str>) -> Result<Command, String> {
        Command::parse(args.iter().map(|a| a.to_string()), env)
    }

    fn listen(command: Command) -> (SocketAddr, bool) {
        match command {
            Command::Serve { listen, options } => (listen, options.log),
            Command::Help => panic!("expected serve"),
        }
    }

    #[test]
    fn defaults_and_environment() {
        let (addr, log) = listen(parse(&[], None).unwrap());
        assert_eq!((addr.to_string().as_str(), log), ("127.0.0.1:8788", false));
        let (addr, _) = listen(parse(&[], Some("9000")).unwrap());
        assert_eq!(addr.to_string(), "127.0.0.1:9000");
        let (addr, _) = listen(parse(&["--listen", "0.0.0.0:1"], Some("9000")).unwrap());
        assert_eq!(
            addr.to_string(),
            "0.0.0.0:1",
            "--listen wins over the environment"
        );
        assert!(parse(&[], Some("http"))
            .unwrap_err()
            .contains("WUTS_LOCAL_PORT"));
    }

    #[test]
    fn flags() {
        let (addr, log) = listen(parse(&["--listen=[::1]:80", "--log"], None).unwrap());
        assert_eq!((addr.to_string().as_str(), log), ("[::1]:80", true));
        let (addr, _) = listen(parse(&["--listen", "8080"], None).unwrap());
        assert_eq!(addr.to_string(), "127.0.0.1:8080");
        assert!(matches!(parse(&["--log", "-h"], None), Ok(Command::Help)));
        assert!(parse(&["--listen"], None)
            .unwrap_err()
            .contains("needs an address"));
        assert!(parse(&["--listen", "localhost"], None)
            .unwrap_err()
            .contains("IP:PORT"));
        assert!(parse(&["--port", "1"], None)
            .unwrap_err()
            .contains("unknown argument"));
    }
}
