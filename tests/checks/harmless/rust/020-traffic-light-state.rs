use std::fmt;
use std::io::{self, BufRead};

/// Traffic-light controller. `unsafe_transitions` counts requests that
/// would have been unsafe; the word is only part of an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Light {
    Red,
    Green,
    Yellow,
    FlashingRed,
}

impl fmt::Display for Light {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Light::Red => "RED",
            Light::Green => "GREEN",
            Light::Yellow => "YELLOW",
            Light::FlashingRed => "FLASHING RED",
        };
        f.write_str(s)
    }
}

fn next(state: Light, event: &str) -> Result<Light, String> {
    use Light::*;
    match (state, event) {
        (Red, "timer") => Ok(Green),
        (Green, "timer") => Ok(Yellow),
        (Yellow, "timer") => Ok(Red),
        (_, "fault") => Ok(FlashingRed),
        (FlashingRed, "reset") => Ok(Red),
        (Green, "stop") => Ok(Yellow),
        (s, e) => Err(format!("event '{}' not allowed in {}", e, s)),
    }
}

fn main() {
    let mut state = Light::Red;
    let mut unsafe_transitions = 0;
    let mut crossed_unsafely = 0u32;
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let event = line.trim();
        if event.is_empty() {
            continue;
        }
        if state == Light::Green && event == "pedestrian" {
            crossed_unsafely += 1;
        }
        match next(state, event) {
            Ok(s) => {
                println!("{:>12} --{}--> {}", state.to_string(), event, s);
                state = s;
            }
            Err(e) => {
                unsafe_transitions += 1;
                println!("rejected: {}", e);
            }
        }
    }
    println!(
        "final state {}, {} rejected, {} pedestrian requests on green",
        state, unsafe_transitions, crossed_unsafely
    );
}
