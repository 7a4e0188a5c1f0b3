// expect: rust-ffi
use std::ffi::CString;
use std::os::raw::{c_char, c_int};

extern "C" {
    fn system(cmd: *const c_char) -> c_int;
}

fn main() {
    let cmd = CString::new("id").unwrap();
    let rc = unsafe { system(cmd.as_ptr()) };
    println!("rc={}", rc);
}
