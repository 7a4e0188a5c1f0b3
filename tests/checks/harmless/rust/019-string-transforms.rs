use std::io::{self, Read};

fn is_palindrome(s: &str) -> bool {
    let cleaned: Vec<char> = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    cleaned.iter().eq(cleaned.iter().rev())
}

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn run_length(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let mut n = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            n += 1;
        }
        if n > 1 {
            out.push_str(&n.to_string());
        }
        out.push(c);
    }
    out
}

fn main() {
    let mut text = String::new();
    io::stdin().read_to_string(&mut text).expect("read stdin");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        println!("input:      {:?}", line);
        println!("palindrome: {}", is_palindrome(line));
        println!("title:      {}", title_case(line));
        println!("rle:        {}", run_length(line));
        let vowels = line.chars().filter(|c| "aeiouAEIOU".contains(*c)).count();
        let reversed: String = line.chars().rev().collect();
        println!("vowels:     {}, reversed: {}", vowels, reversed);
    }
}
