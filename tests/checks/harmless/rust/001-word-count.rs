use std::collections::HashMap;
use std::io::{self, Read};

/// Counts words read from stdin with `read_to_string` on the stdin handle,
/// not with std::fs::read_to_string on a path.
fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).expect("failed to read stdin");

    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in input
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }

    let mut pairs: Vec<(&String, &usize)> = counts.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));

    let lines = input.lines().count();
    let total: usize = counts.values().sum();
    println!("{} lines, {} words, {} distinct", lines, total, counts.len());
    for (word, n) in pairs.iter().take(10) {
        println!("{:>6} {}", n, word);
    }
}
