// expect: rust-asm
fn getpid() -> i64 {
    let ret: i64;
    unsafe {
        std::arch::asm!("syscall", inlateout("rax") 39i64 => ret, out("rcx") _, out("r11") _);
    }
    ret
}

fn main() {
    println!("{}", getpid());
}
