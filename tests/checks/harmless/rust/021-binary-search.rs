use std::io::{self, Read};

/// Smallest x in [lo, hi] with pred(x) true, assuming pred is monotone.
fn first_true(mut lo: u64, mut hi: u64, pred: impl Fn(u64) -> bool) -> Option<u64> {
    if !pred(hi) {
        return None;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

fn main() {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s).unwrap();
    let mut nums: Vec<i64> = s.split_whitespace().filter_map(|t| t.parse().ok()).collect();
    if nums.is_empty() {
        println!("no input");
        return;
    }
    let target = nums.remove(0);
    nums.sort_unstable();
    match nums.binary_search(&target) {
        Ok(i) => println!("{} found at index {}", target, i),
        Err(i) => println!("{} not found; insertion point {}", target, i),
    }
    let below = nums.partition_point(|&x| x < target);
    let at_most = nums.partition_point(|&x| x <= target);
    println!("{} values < {}, {} values == {}", below, target, at_most - below, target);

    // integer square root of |target| by binary search on the answer
    let t = target.unsigned_abs();
    let root = first_true(0, t.max(1), |x| x.checked_mul(x).map_or(true, |sq| sq > t))
        .map(|r| r - 1)
        .unwrap_or(t);
    println!("isqrt({}) = {}", t, root);
}
