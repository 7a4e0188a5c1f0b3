// expect: rust-fs
fn main() {
    for name in ["/tmp/a.txt", "/tmp/b.txt"] {
        match std::fs::remove_file(name) {
            Ok(()) => println!("removed {}", name),
            Err(e) => println!("{}: {}", name, e),
        }
    }
}
