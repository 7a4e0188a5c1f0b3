use std::collections::HashMap;
use std::io::{self, BufRead};

struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind { parent: (0..n).collect(), size: vec![1; n] }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) -> bool {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if self.size[ra] < self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra;
        self.size[ra] += self.size[rb];
        true
    }
}

fn main() {
    // Each line "alice bob" means the two are friends.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut pairs = Vec::new();
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let names: Vec<&str> = line.split_whitespace().collect();
        if names.len() != 2 {
            continue;
        }
        let mut id = |s: &str| {
            let next = ids.len();
            *ids.entry(s.to_string()).or_insert(next)
        };
        let a = id(names[0]);
        let b = id(names[1]);
        pairs.push((a, b));
    }
    let mut uf = UnionFind::new(ids.len());
    let merges = pairs.iter().filter(|&&(a, b)| uf.union(a, b)).count();
    let mut groups: HashMap<usize, Vec<&str>> = HashMap::new();
    for (name, &i) in &ids {
        groups.entry(uf.find(i)).or_default().push(name.as_str());
    }
    println!("{} merges, {} friend groups", merges, groups.len());
    let mut listed: Vec<Vec<&str>> = groups.into_values().collect();
    for g in listed.iter_mut() {
        g.sort_unstable();
    }
    listed.sort();
    for g in listed {
        println!("{}", g.join(", "));
    }
}
