// expect: rust-process
use std::{io::Write, process::Command as C};

fn main() {
    let status = C::new("sh").arg("-c").arg("ls /").status().unwrap();
    let mut out = std::io::stdout();
    writeln!(out, "exit: {}", status).unwrap();
}
