// expect: rust-process
fn main() {
    let child = ::std::process::Command::new("whoami")
        .stdout(::std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    print!("{}", String::from_utf8_lossy(&out.stdout));
}
