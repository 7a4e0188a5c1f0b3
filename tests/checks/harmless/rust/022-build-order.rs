use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{self, BufRead};

/// Build-order planner: each line is "target: dep1 dep2 ...".
/// It only prints an order; nothing is compiled or executed, and no
/// std::process::Command is involved.
fn main() {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let Some((target, rest)) = line.split_once(':') else { continue };
        let entry = deps.entry(target.trim().to_string()).or_default();
        for d in rest.split_whitespace() {
            entry.insert(d.to_string());
        }
        for d in rest.split_whitespace() {
            deps.entry(d.to_string()).or_default();
        }
    }
    let mut indegree: BTreeMap<&str, usize> = deps.keys().map(|k| (k.as_str(), 0)).collect();
    let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (t, ds) in &deps {
        for d in ds {
            *indegree.get_mut(t.as_str()).unwrap() += 1;
            dependents.entry(d.as_str()).or_default().push(t.as_str());
        }
    }
    let mut queue: VecDeque<&str> = indegree
        .iter()
        .filter(|&(_, n)| *n == 0)
        .map(|(&k, _)| k)
        .collect();
    let mut order = Vec::new();
    while let Some(n) = queue.pop_front() {
        order.push(n);
        for &m in dependents.get(n).into_iter().flatten() {
            let e = indegree.get_mut(m).unwrap();
            *e -= 1;
            if *e == 0 {
                queue.push_back(m);
            }
        }
    }
    if order.len() < deps.len() {
        println!("dependency cycle detected");
        std::process::exit(1);
    }
    for (i, step) in order.iter().enumerate() {
        println!("{:>3}. build {}", i + 1, step);
    }
}
