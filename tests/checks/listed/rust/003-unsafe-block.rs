// expect: rust-unsafe
fn main() {
    let v = vec![1u32, 2, 3];
    let p = v.as_ptr();
    let beyond = unsafe { *p.add(10) };
    println!("{}", beyond);
}
