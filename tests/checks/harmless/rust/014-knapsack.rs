use std::io::{self, Read};

#[derive(Debug)]
struct Item<'a> {
    name: &'a str,
    weight: usize,
    value: u64,
}

fn knapsack(items: &[Item<'_>], cap: usize) -> (u64, Vec<usize>) {
    let n = items.len();
    let mut dp = vec![vec![0u64; cap + 1]; n + 1];
    for (i, it) in items.iter().enumerate() {
        for w in 0..=cap {
            dp[i + 1][w] = dp[i][w];
            if it.weight <= w {
                dp[i + 1][w] = dp[i + 1][w].max(dp[i][w - it.weight] + it.value);
            }
        }
    }
    let mut chosen = Vec::new();
    let mut w = cap;
    for i in (0..n).rev() {
        if dp[i + 1][w] != dp[i][w] {
            chosen.push(i);
            w -= items[i].weight;
        }
    }
    chosen.reverse();
    (dp[n][cap], chosen)
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut lines = input.lines();
    let cap: usize = match lines.next().and_then(|l| l.trim().parse().ok()) {
        Some(c) if c <= 100_000 => c,
        _ => {
            eprintln!("first line: capacity (at most 100000)");
            std::process::exit(1);
        }
    };
    let items: Vec<Item> = lines
        .filter_map(|l| {
            let mut p = l.split_whitespace();
            Some(Item { name: p.next()?, weight: p.next()?.parse().ok()?, value: p.next()?.parse().ok()? })
        })
        .collect();
    let (best, chosen) = knapsack(&items, cap);
    println!("best value {} with capacity {}", best, cap);
    for i in chosen {
        println!("  take {:?}", items[i]);
    }
}
