use std::io::{self, Read};

/// Returns the longer of two string slices; the lifetime 'a ties the
/// result to both inputs.
fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    if b.len() > a.len() {
        b
    } else {
        a
    }
}

/// A borrowed view over the words of a text.
struct Words<'t> {
    text: &'t str,
}

impl<'t> Words<'t> {
    fn new(text: &'t str) -> Self {
        Words { text }
    }

    fn longest_word(&self) -> Option<&'t str> {
        self.text.split_whitespace().reduce(longest)
    }

    fn starting_with(&self, c: char) -> impl Iterator<Item = &'t str> + '_ {
        self.text.split_whitespace().filter(move |w| w.starts_with(c))
    }
}

fn first_sentence<'a>(text: &'a str) -> &'a str {
    match text.find(|c: char| c == '.' || c == '!' || c == '?') {
        Some(i) => &text[..=i],
        None => text,
    }
}

fn main() {
    let mut buf = String::new();
    io::stdin().read_to_string(&mut buf).unwrap();
    let words = Words::new(&buf);
    match words.longest_word() {
        Some(w) => println!("longest word: {} ({} bytes)", w, w.len()),
        None => println!("no words"),
    }
    let t: Vec<&str> = words.starting_with('t').collect();
    println!("{} words start with 't'", t.len());
    println!("first sentence: {:?}", first_sentence(buf.trim()));
}
