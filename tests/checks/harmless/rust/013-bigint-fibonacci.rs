use std::fmt;
use std::io::{self, Read};
use std::ops::Add;

/// Unsigned big integer in base 10^9, least significant limb first.
#[derive(Clone, Debug, PartialEq, Eq)]
struct BigUint(Vec<u32>);
const BASE: u64 = 1_000_000_000;

impl BigUint {
    fn from_u64(mut v: u64) -> Self {
        let mut limbs = vec![(v % BASE) as u32];
        v /= BASE;
        while v > 0 {
            limbs.push((v % BASE) as u32);
            v /= BASE;
        }
        BigUint(limbs)
    }

    fn mul_small(&self, k: u32) -> Self {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut carry = 0u64;
        for &limb in &self.0 {
            let cur = limb as u64 * k as u64 + carry;
            out.push((cur % BASE) as u32);
            carry = cur / BASE;
        }
        while carry > 0 {
            out.push((carry % BASE) as u32);
            carry /= BASE;
        }
        while out.len() > 1 && out.last() == Some(&0) {
            out.pop();
        }
        BigUint(out)
    }
}

impl Add for &BigUint {
    type Output = BigUint;
    fn add(self, o: &BigUint) -> BigUint {
        let len = self.0.len().max(o.0.len());
        let mut out = Vec::with_capacity(len + 1);
        let mut carry = 0u64;
        for i in 0..len {
            let s = carry + *self.0.get(i).unwrap_or(&0) as u64 + *o.0.get(i).unwrap_or(&0) as u64;
            out.push((s % BASE) as u32);
            carry = s / BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        BigUint(out)
    }
}

impl fmt::Display for BigUint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut it = self.0.iter().rev();
        write!(f, "{}", it.next().unwrap_or(&0))?;
        it.try_for_each(|limb| write!(f, "{:09}", limb))
    }
}

fn main() {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s).unwrap();
    let n: u32 = s.trim().parse().unwrap_or(100).min(5000);
    let (mut a, mut b) = (BigUint::from_u64(0), BigUint::from_u64(1));
    for _ in 0..n {
        let next = &a + &b;
        a = std::mem::replace(&mut b, next);
    }
    let fact = (2..=n).fold(BigUint::from_u64(1), |acc, k| acc.mul_small(k));
    let (f_str, fact_str) = (a.to_string(), fact.to_string());
    println!("F({}) = {} ({} digits)", n, f_str, f_str.len());
    let tail = &fact_str[fact_str.len().saturating_sub(12)..];
    println!("{}! has {} digits, ends with {}", n, fact_str.len(), tail);
}
