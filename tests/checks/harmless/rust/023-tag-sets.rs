use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead};

/// Reads lines of comma-separated tags and reports the union, the
/// intersection and the tags unique to each line.
fn main() {
    let rows: Vec<HashSet<String>> = io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .collect();
    if rows.is_empty() {
        println!("no rows");
        return;
    }
    let union: HashSet<&String> = rows.iter().flatten().collect();
    let intersection: HashSet<&String> = rows[0]
        .iter()
        .filter(|t| rows.iter().all(|r| r.contains(*t)))
        .collect();
    let mut freq: HashMap<&String, usize> = HashMap::new();
    for r in &rows {
        for t in r {
            *freq.entry(t).or_insert(0) += 1;
        }
    }
    let mut sorted_union: Vec<&String> = union.into_iter().collect();
    sorted_union.sort();
    println!("union ({}): {:?}", sorted_union.len(), sorted_union);
    let mut inter: Vec<&String> = intersection.into_iter().collect();
    inter.sort();
    println!("in every row: {:?}", inter);
    for (i, r) in rows.iter().enumerate() {
        let mut only: Vec<&String> = r.iter().filter(|t| freq[t] == 1).collect();
        only.sort();
        println!("row {} only: {:?}", i + 1, only);
    }
}
