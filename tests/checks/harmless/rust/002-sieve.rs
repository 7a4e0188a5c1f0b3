use std::io::{self, BufRead};

/// Sieve of Eratosthenes returning all primes <= n.
fn sieve(n: usize) -> Vec<usize> {
    if n < 2 {
        return Vec::new();
    }
    let mut is_prime = vec![true; n + 1];
    is_prime[0] = false;
    is_prime[1] = false;
    let mut i = 2;
    while i * i <= n {
        if is_prime[i] {
            let mut j = i * i;
            while j <= n {
                is_prime[j] = false;
                j += i;
            }
        }
        i += 1;
    }
    is_prime
        .iter()
        .enumerate()
        .filter_map(|(k, &p)| if p { Some(k) } else { None })
        .collect()
}

fn main() {
    let stdin = io::stdin();
    for line in stdin.lock().lines() {
        let line = line.expect("read error");
        let n: usize = match line.trim().parse() {
            Ok(v) => v,
            Err(_) => {
                println!("not a number: {:?}", line);
                continue;
            }
        };
        let n = n.min(10_000_000);
        let primes = sieve(n);
        let twins = primes.windows(2).filter(|w| w[1] - w[0] == 2).count();
        println!("{} primes <= {}, {} twin pairs, largest {:?}", primes.len(), n, twins, primes.last());
    }
}
