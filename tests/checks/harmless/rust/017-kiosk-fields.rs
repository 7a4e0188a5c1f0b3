use std::collections::BTreeMap;
use std::io::{self, BufRead};

/// A kiosk in a station. `open` is a flag and `exec` the name of the
/// executive in charge; neither has anything to do with files or processes.
#[derive(Debug, Default)]
struct Kiosk {
    open: bool,
    exec: String,
    sales: BTreeMap<String, u32>,
}

fn main() {
    let mut kiosks: BTreeMap<String, Kiosk> = BTreeMap::new();
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["open", name, exec] => {
                let k = kiosks.entry(name.to_string()).or_default();
                k.open = true;
                k.exec = exec.to_string();
            }
            ["close", name] => {
                if let Some(k) = kiosks.get_mut(*name) {
                    k.open = false;
                }
            }
            ["sell", name, item, qty] => match (kiosks.get_mut(*name), qty.parse::<u32>()) {
                (Some(k), Ok(q)) if k.open => *k.sales.entry(item.to_string()).or_insert(0) += q,
                (Some(_), Ok(_)) => println!("{} is closed", name),
                _ => println!("cannot record: {}", line),
            },
            _ => println!("ignored: {}", line),
        }
    }
    for (name, k) in &kiosks {
        let total: u32 = k.sales.values().sum();
        let best = k
            .sales
            .iter()
            .max_by_key(|&(_, v)| *v)
            .map(|(item, _)| item.as_str())
            .unwrap_or("-");
        let state = if k.open { "open" } else { "closed" };
        println!("{:<10} {:<6} exec={:<8} total={:>4} best={}", name, state, k.exec, total, best);
    }
}
