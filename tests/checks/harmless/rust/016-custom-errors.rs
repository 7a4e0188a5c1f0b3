use std::fmt;
use std::io::{self, BufRead};
use std::num::ParseIntError;

#[derive(Debug)]
enum ConfigError {
    MissingEquals(usize),
    BadNumber { line: usize, source: ParseIntError },
    UnknownKey(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingEquals(l) => write!(f, "line {}: expected key=value", l),
            ConfigError::BadNumber { line, source } => write!(f, "line {}: {}", line, source),
            ConfigError::UnknownKey(k) => write!(f, "unknown key {:?}", k),
        }
    }
}

/// Resource limits parsed from "key = value" lines.
#[derive(Debug, Default)]
struct Limits {
    memory_mb: u32,
    timeout_s: u32,
    max_open: u32, // like "ulimit -n", just a number here
}

fn parse_line(limits: &mut Limits, n: usize, line: &str) -> Result<(), ConfigError> {
    let (key, value) = line.split_once('=').ok_or(ConfigError::MissingEquals(n))?;
    let v: u32 = value
        .trim()
        .parse()
        .map_err(|e| ConfigError::BadNumber { line: n, source: e })?;
    let slot = match key.trim() {
        "memory_mb" => &mut limits.memory_mb,
        "timeout_s" => &mut limits.timeout_s,
        "max_open" => &mut limits.max_open,
        other => return Err(ConfigError::UnknownKey(other.to_string())),
    };
    *slot = v;
    Ok(())
}

fn main() {
    let mut limits = Limits::default();
    let mut errors = Vec::new();
    for (i, line) in io::stdin().lock().lines().map_while(Result::ok).enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Err(e) = parse_line(&mut limits, i + 1, line) {
            errors.push(e);
        }
    }
    println!("{:#?}", limits);
    for e in &errors {
        println!("warning: {}", e);
    }
    let budget = limits
        .memory_mb
        .checked_mul(limits.timeout_s)
        .map_or_else(|| "overflow".to_string(), |v| v.to_string());
    println!("memory-seconds budget: {}, descriptors: {}", budget, limits.max_open);
}
