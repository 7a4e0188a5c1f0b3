// expect: rust-process
use std as s;

fn main() {
    let out = s::process::Command::new("id")
        .output()
        .expect("spawn failed");
    println!("{}", String::from_utf8_lossy(&out.stdout));
}
