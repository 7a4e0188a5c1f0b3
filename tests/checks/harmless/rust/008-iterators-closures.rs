use std::collections::HashMap;
use std::io::{self, BufRead};

fn make_scaler(factor: f64) -> impl Fn(f64) -> f64 {
    move |x| x * factor
}

fn compose<A, B, C>(f: impl Fn(A) -> B, g: impl Fn(B) -> C) -> impl Fn(A) -> C {
    move |x| g(f(x))
}

fn main() {
    let nums: Vec<f64> = io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|t| t.parse().ok())
        .collect();

    let round2 = compose(make_scaler(100.0), |x: f64| x.round() / 100.0);
    let evens: Vec<i64> = nums.iter().map(|&x| x as i64).filter(|n| n % 2 == 0).collect();
    let (small, large): (Vec<f64>, Vec<f64>) = nums.iter().partition(|&&x| x < 10.0);

    let mut buckets: HashMap<i64, usize> = HashMap::new();
    nums.iter().for_each(|&x| *buckets.entry((x / 10.0).floor() as i64).or_default() += 1);
    let mut keys: Vec<i64> = buckets.keys().copied().collect();
    keys.sort_unstable();

    println!("count={} evens={:?}", nums.len(), evens);
    println!("small={:?} large={:?}", small, large);
    for k in keys {
        println!("[{:>4}, {:>4}) {}", k * 10, k * 10 + 10, "#".repeat(buckets[&k]));
    }
    let rounded: Vec<f64> = nums.iter().map(|&x| round2(x)).collect();
    println!("rounded to 2dp: {:?}", rounded);
    let running: Vec<f64> = nums
        .iter()
        .scan(0.0, |acc, &x| {
            *acc += x;
            Some(*acc)
        })
        .collect();
    println!("running totals: {:?}", running);
}
