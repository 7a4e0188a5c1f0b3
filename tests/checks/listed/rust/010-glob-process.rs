// expect: rust-process
use std::process::*;

fn main() {
    let out = Command::new("uname").arg("-a").output().unwrap();
    println!("{}", String::from_utf8_lossy(&out.stdout));
    exit(0);
}
