use std::collections::HashMap;
use std::io::{self, BufRead};

// Declarative macros only: no asm!, no include!, no token pasting tricks.

/// Builds a HashMap from `key => value` pairs.
macro_rules! hashmap {
    ($($k:expr => $v:expr),* $(,)?) => {{
        let mut m = HashMap::new();
        $( m.insert($k, $v); )*
        m
    }};
}

/// Prints an expression together with its source text.
macro_rules! show {
    ($e:expr) => {
        println!("{:<50} = {:?}", stringify!($e), $e)
    };
}

/// Generates simple unit-conversion functions.
macro_rules! converter {
    ($name:ident, $factor:expr) => {
        fn $name(x: f64) -> f64 {
            x * $factor
        }
    };
}

converter!(km_to_miles, 0.621_371);
converter!(kg_to_pounds, 2.204_62);
converter!(celsius_delta_to_f, 1.8);

fn main() {
    let units = hashmap! {
        "km" => km_to_miles as fn(f64) -> f64,
        "kg" => kg_to_pounds as fn(f64) -> f64,
        "dC" => celsius_delta_to_f as fn(f64) -> f64,
    };
    show!(units.len());
    show!(km_to_miles(42.195));
    show!(vec![1, 2, 3].iter().map(|x| x * 2).collect::<Vec<_>>());
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let mut parts = line.split_whitespace();
        let (Some(v), Some(u)) = (parts.next(), parts.next()) else {
            continue;
        };
        match (v.parse::<f64>(), units.get(u)) {
            (Ok(x), Some(f)) => println!("{} {} -> {:.3}", x, u, f(x)),
            _ => println!("cannot convert {:?}", line),
        }
    }
}
