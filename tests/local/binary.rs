//! The `wuts-local` binary: its one line, its log, `--help`, bad arguments and SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_wuts-local");

fn spawn(args: &[&str], port_env: Option<&str>) -> (Child, BufReader<ChildStdout>, String) {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    match port_env {
        Some(port) => command.env("WUTS_LOCAL_PORT", port),
        None => command.env_remove("WUTS_LOCAL_PORT"),
    };
    let mut child = command.spawn().expect("start wuts-local");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim_end()
        .strip_prefix("wuts-local listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (child, stdout, addr)
}

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn terminate(mut child: Child) {
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "a clean exit on SIGTERM, got {status}");
}

#[test]
fn prints_one_line_serves_and_stops_on_sigterm() {
    let (child, mut stdout, addr) = spawn(&["--listen", "127.0.0.1:0"], None);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let answer = get(&addr, "/_local/healthz");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with(r#"{"ok":true}"#), "{answer}");
    terminate(child);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "nothing per request without --log");
}

#[test]
fn logs_one_line_per_request_with_log() {
    let (child, mut stdout, addr) = spawn(&["--log"], Some("0"));
    get(&addr, "/_local/healthz");
    get(&addr, "/nope");
    terminate(child);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let lines: Vec<_> = rest.lines().collect();
    assert_eq!(lines.len(), 2, "{rest}");
    assert!(lines[0].starts_with("GET /_local/healthz 200 "), "{rest}");
    assert!(lines[1].starts_with("GET /nope 404 "), "{rest}");
}

#[test]
fn help_and_bad_arguments() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(help.status.success());
    let usage = String::from_utf8(help.stdout).unwrap();
    assert!(usage.contains("--listen"), "{usage}");
    assert!(usage.contains("/_local/faults"), "{usage}");
    let bad = Command::new(BIN).arg("--bogus").output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--bogus"));
}
