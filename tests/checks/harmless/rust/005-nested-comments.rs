use std::io::{self, Read};

/* Rust block comments nest: /* this inner comment */ does not end the outer one.
   /* Even text like `std::process::Command::new("sh")` or `unsafe { ... }`
      written in here is only a comment. */ */

/// Parses a grid of integers, one row per line.
///
/// This is pure computation: no std::process::Command, no std::fs.
fn parse_grid(text: &str) -> Vec<Vec<i64>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().filter_map(|t| t.parse().ok()).collect())
        .collect()
}

/// Transposes a (possibly ragged) grid, padding missing cells with 0.
fn transpose(g: &[Vec<i64>]) -> Vec<Vec<i64>> {
    let cols = g.iter().map(Vec::len).max().unwrap_or(0);
    (0..cols)
        .map(|c| g.iter().map(|row| row.get(c).copied().unwrap_or(0)).collect())
        .collect()
}

fn main() {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s).expect("stdin");
    let grid = parse_grid(&s);
    let t = transpose(&grid);
    for row in &t {
        let line: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        println!("{}", line.join(" "));
    }
    /* checksum: a /* position-weighted */ sum of the cells */
    let checksum: i64 = t
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.iter().enumerate().map(move |(j, v)| v * (i as i64 + 1) * (j as i64 + 1)))
        .sum();
    println!("checksum {}", checksum);
}
