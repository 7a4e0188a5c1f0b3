// expect: rust-net
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() -> std::io::Result<()> {
    let mut s = TcpStream::connect("10.0.0.1:80")?;
    s.write_all(b"GET / HTTP/1.0\r\n\r\n")?;
    let mut buf = String::new();
    s.read_to_string(&mut buf)?;
    println!("{}", buf);
    Ok(())
}
