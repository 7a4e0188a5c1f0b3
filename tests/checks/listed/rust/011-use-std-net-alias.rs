// expect: rust-net
use std::net as n;

fn main() {
    let sock = n::UdpSocket::bind("0.0.0.0:0").unwrap();
    sock.send_to(b"ping", "8.8.8.8:53").unwrap();
    println!("sent");
}
