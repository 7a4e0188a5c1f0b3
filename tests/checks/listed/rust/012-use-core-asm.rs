// expect: rust-asm
use core::arch::asm;

fn main() {
    let x: u64;
    unsafe {
        asm!("mov {0}, 42", out(reg) x);
    }
    println!("{}", x);
}
