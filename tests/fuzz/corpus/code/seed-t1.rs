use std as s;
use std::{fs, process::Command as C, io::{self, Read}};
extern crate libc as lc;
// std::process::Command in a comment
fn main() {
    let lt: &'static str = "std::net::TcpStream";
    let c = 'x';
    s::process::Command::new("ls").spawn().unwrap();
    C::new("sh");
    fs::remove_file("/tmp/x").unwrap();
    unsafe { lc::getpid(); }
    let r = r#"raw "quoted" std::fs"#;
    std::arch::asm!("nop");
    include_str!("/etc/passwd");
    println!("{}", 1 != 2);
}
extern "C" { fn system(s: *const u8) -> i32; }
