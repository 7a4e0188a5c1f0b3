// expect: rust-include
const PASSWD: &str = include_str!("/etc/passwd");

fn main() {
    for line in PASSWD.lines().take(3) {
        println!("{}", line);
    }
}
