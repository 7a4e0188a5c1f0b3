use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Read};

// Shortest paths over a road map given on stdin. Everything is local;
// no std::net request is made to a routing service.
fn dijkstra(adj: &[Vec<(usize, u64)>], src: usize) -> Vec<Option<u64>> {
    let mut dist: Vec<Option<u64>> = vec![None; adj.len()];
    let mut heap = BinaryHeap::new();
    dist[src] = Some(0);
    heap.push(Reverse((0u64, src)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if dist[u].map_or(false, |best| d > best) {
            continue;
        }
        for &(v, w) in &adj[u] {
            let nd = d + w;
            if dist[v].map_or(true, |cur| nd < cur) {
                dist[v] = Some(nd);
                heap.push(Reverse((nd, v)));
            }
        }
    }
    dist
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut it = input.split_ascii_whitespace().filter_map(|t| t.parse::<u64>().ok());
    let (n, m, src) = match (it.next(), it.next(), it.next()) {
        (Some(n), Some(m), Some(s)) => (n as usize, m as usize, s as usize),
        _ => {
            println!("expected: n m src, then m edges u v w");
            return;
        }
    };
    if src >= n {
        println!("source out of range");
        return;
    }
    let mut adj = vec![Vec::new(); n];
    for _ in 0..m {
        let (u, v, w) = match (it.next(), it.next(), it.next()) {
            (Some(u), Some(v), Some(w)) => (u as usize, v as usize, w),
            _ => break,
        };
        if u < n && v < n {
            adj[u].push((v, w));
            adj[v].push((u, w));
        }
    }
    for (v, d) in dijkstra(&adj, src).iter().enumerate() {
        match d {
            Some(d) => println!("{} -> {}: {}", src, v, d),
            None => println!("{} -> {}: unreachable", src, v),
        }
    }
}
