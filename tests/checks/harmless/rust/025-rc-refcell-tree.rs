use std::cell::{Cell, RefCell};
use std::io::{self, BufRead};
use std::rc::{Rc, Weak};

/// A directory-like tree kept entirely in memory (no std::fs): each input
/// line "a/b/c 120" adds a path with a size in bytes.
struct Node {
    name: String,
    size: Cell<u64>,
    parent: RefCell<Weak<Node>>,
    children: RefCell<Vec<Rc<Node>>>,
}

impl Node {
    fn new(name: &str) -> Rc<Node> {
        Rc::new(Node {
            name: name.to_string(),
            size: Cell::new(0),
            parent: RefCell::new(Weak::new()),
            children: RefCell::new(Vec::new()),
        })
    }

    fn child(parent: &Rc<Node>, name: &str) -> Rc<Node> {
        if let Some(c) = parent.children.borrow().iter().find(|c| c.name == name) {
            return Rc::clone(c);
        }
        let c = Node::new(name);
        *c.parent.borrow_mut() = Rc::downgrade(parent);
        parent.children.borrow_mut().push(Rc::clone(&c));
        c
    }

    fn total(&self) -> u64 {
        self.size.get() + self.children.borrow().iter().map(|c| c.total()).sum::<u64>()
    }

    fn path(&self) -> String {
        match self.parent.borrow().upgrade() {
            Some(p) => format!("{}/{}", p.path(), self.name),
            None => self.name.clone(),
        }
    }
}

fn print_tree(node: &Rc<Node>, depth: usize) {
    println!("{}{} ({} bytes)", "  ".repeat(depth), node.name, node.total());
    for c in node.children.borrow().iter() {
        print_tree(c, depth + 1);
    }
}

fn main() {
    let root = Node::new("");
    let mut deepest = Rc::clone(&root);
    let mut max_depth = 0;
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let Some((path, size)) = line.trim().rsplit_once(' ') else { continue };
        let Ok(size) = size.parse::<u64>() else { continue };
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let mut cur = Rc::clone(&root);
        for part in &parts {
            cur = Node::child(&cur, part);
        }
        cur.size.set(cur.size.get() + size);
        if parts.len() > max_depth {
            max_depth = parts.len();
            deepest = Rc::clone(&cur);
        }
    }
    print_tree(&root, 0);
    println!("deepest path: {} (depth {})", deepest.path(), max_depth);
}
