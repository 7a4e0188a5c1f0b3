use std::io::{self, BufRead};

#[derive(Debug, Clone, PartialEq)]
enum Token { Num(f64), Op(char), LParen, RParen }

fn tokenize(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {}
            '0'..='9' | '.' => {
                let mut text = c.to_string();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit() || **d == '.') {
                    text.push(d);
                    chars.next();
                }
                out.push(Token::Num(text.parse().map_err(|_| format!("bad number {:?}", text))?));
            }
            '+' | '-' | '*' | '/' => out.push(Token::Op(c)),
            '(' => out.push(Token::LParen),
            ')' => out.push(Token::RParen),
            other => return Err(format!("unexpected character {:?}", other)),
        }
    }
    Ok(out)
}

// expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)*
fn expr(t: &[Token], pos: &mut usize) -> Result<f64, String> {
    let mut v = term(t, pos)?;
    while let Some(Token::Op(op @ ('+' | '-'))) = t.get(*pos) {
        *pos += 1;
        let r = term(t, pos)?;
        v = if *op == '+' { v + r } else { v - r };
    }
    Ok(v)
}

fn term(t: &[Token], pos: &mut usize) -> Result<f64, String> {
    let mut v = factor(t, pos)?;
    while let Some(Token::Op(op @ ('*' | '/'))) = t.get(*pos) {
        *pos += 1;
        let r = factor(t, pos)?; // x / 0.0 gives inf, which is printed as such
        v = if *op == '*' { v * r } else { v / r };
    }
    Ok(v)
}

fn factor(t: &[Token], pos: &mut usize) -> Result<f64, String> {
    let tok = t.get(*pos).cloned().ok_or("unexpected end")?;
    *pos += 1;
    match tok {
        Token::Num(n) => Ok(n),
        Token::Op('-') => Ok(-factor(t, pos)?),
        Token::LParen => {
            let v = expr(t, pos)?;
            if t.get(*pos) != Some(&Token::RParen) {
                return Err("missing ')'".into());
            }
            *pos += 1;
            Ok(v)
        }
        other => Err(format!("unexpected {:?}", other)),
    }
}

fn main() {
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let result = tokenize(&line).and_then(|toks| {
            let mut pos = 0;
            let v = expr(&toks, &mut pos)?;
            if pos == toks.len() { Ok(v) } else { Err("trailing tokens".to_string()) }
        });
        match result {
            Ok(v) => println!("{} = {}", line.trim(), v),
            Err(e) => println!("{}: error: {}", line.trim(), e),
        }
    }
}
