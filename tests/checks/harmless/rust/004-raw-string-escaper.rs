use std::io::{self, BufRead};

// Raw strings keep quotes and backslashes as-is. The examples are inline
// literals; nothing is pulled in with include_str!.
const BANNER: &str = r#"Escaper: turns "quotes", 'apostrophes' and \backslashes\ into escapes"#;
const EXAMPLE: &str = r##"He said "use r#"..."# for this""##;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str(r#"\""#),
            '\'' => out.push_str(r"\'"),
            '\\' => out.push_str(r"\\"),
            '\t' => out.push_str(r"\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn main() {
    println!("{}", BANNER);
    println!("example: {}", escape(EXAMPLE));
    let stdin = io::stdin();
    let mut changed = 0;
    for line in stdin.lock().lines().map_while(Result::ok) {
        let e = escape(&line);
        if e != line {
            changed += 1;
        }
        println!("\"{}\"", e);
    }
    println!("{} line(s) needed escaping", changed);
}
