use std::f64::consts::PI;
use std::fmt;
use std::io::{self, BufRead};

trait Shape: fmt::Display {
    fn area(&self) -> f64;
    fn perimeter(&self) -> f64;
    fn scale(&mut self, k: f64);
}

struct Circle {
    r: f64,
}

struct Rect {
    w: f64,
    h: f64,
}

impl Shape for Circle {
    fn area(&self) -> f64 { PI * self.r * self.r }
    fn perimeter(&self) -> f64 { 2.0 * PI * self.r }
    fn scale(&mut self, k: f64) { self.r *= k; }
}

impl Shape for Rect {
    fn area(&self) -> f64 { self.w * self.h }
    fn perimeter(&self) -> f64 { 2.0 * (self.w + self.h) }
    fn scale(&mut self, k: f64) { self.w *= k; self.h *= k; }
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "Circle(r={})", self.r) }
}

impl fmt::Display for Rect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "Rect({}x{})", self.w, self.h) }
}

fn parse(line: &str) -> Option<Box<dyn Shape>> {
    let parts: Vec<&str> = line.split_whitespace().collect();
    match parts.as_slice() {
        ["circle", r] => Some(Box::new(Circle { r: r.parse().ok()? })),
        ["rect", w, h] => Some(Box::new(Rect { w: w.parse().ok()?, h: h.parse().ok()? })),
        _ => None,
    }
}

fn main() {
    let mut shapes: Vec<Box<dyn Shape>> = io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| parse(&l))
        .collect();
    for s in shapes.iter_mut() {
        s.scale(2.0);
    }
    shapes.sort_by(|a, b| b.area().total_cmp(&a.area()));
    let total: f64 = shapes.iter().map(|s| s.area()).sum();
    for s in &shapes {
        println!("{:<20} area {:>10.3} perimeter {:>10.3}", s.to_string(), s.area(), s.perimeter());
    }
    println!("total area after doubling: {:.3}", total);
}
