use std::fmt::Debug;
use std::io::{self, Read};

#[derive(Debug, Default)]
struct Stack<T> {
    items: Vec<T>,
}

impl<T: Clone + Debug> Stack<T> {
    fn new() -> Self {
        Stack { items: Vec::new() }
    }
    fn push(&mut self, v: T) {
        self.items.push(v);
    }
    fn pop(&mut self) -> Option<T> {
        self.items.pop()
    }
    fn peek(&self) -> Option<&T> {
        self.items.last()
    }
    fn len(&self) -> usize {
        self.items.len()
    }
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn matching(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        _ => '?',
    }
}

fn check(s: &str) -> Result<(), String> {
    let mut st: Stack<(char, usize)> = Stack::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '(' | '[' | '{' => st.push((c, i)),
            ')' | ']' | '}' => match st.pop() {
                Some((o, _)) if matching(o) == c => {}
                Some((o, j)) => return Err(format!("'{}' at {} closes '{}' from {}", c, i, o, j)),
                None => return Err(format!("unexpected '{}' at {}", c, i)),
            },
            _ => {}
        }
    }
    match st.peek() {
        Some(&(o, j)) => Err(format!("'{}' at {} never closed ({} open)", o, j, st.len())),
        None => Ok(()),
    }
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    for line in input.lines() {
        match check(line) {
            Ok(()) => println!("ok:    {}", line),
            Err(e) => println!("error: {}", e),
        }
    }
    let mut s: Stack<i32> = Stack::default();
    s.push(1);
    println!("demo stack empty={} {:?}", s.is_empty(), s);
}
