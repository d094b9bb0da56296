//! Messages as data: a template in each language and typed arguments, worded only when a
//! diagnostic is shown. A check never formats text; it says *which* message with *which*
//! values (an indicator's name, a group, a dimension, an amount), and the renderer — the
//! terminal, the JSON lines, the language server — words it in the reader's language. Typed
//! arguments word themselves too: a group is `产出指标（output）` in Chinese and
//! `output (产出指标)` in English, a dimension `人数` or `people`, a list is joined with `、`
//! or `, `.
//!
//! Templates use `{}` for the next argument, `{N}` for argument N, and `{{` `}}` for braces.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::{Code, Lang};
use crate::hierarchy::GroupName;
use crate::model::{Date, Fen};
use crate::units::Dimension;

/// A message in both languages, not yet worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    zh: &'static str,
    en: &'static str,
    args: Box<[Arg]>,
}

/// How a list is joined: `、` / `, ` (Comma), `；` / `; ` (Semicolon), ` / ` (Or).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    Comma,
    Semicolon,
    Or,
}

/// A value a message refers to, worded in the reader's language when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text as the filing wrote it (a name, a unit, a value): the same in every language.
    Text(Box<str>),
    /// A fixed word the same in both languages (a keyword as the file spells it).
    Word(&'static str),
    /// A fixed word per language (zh, en).
    Words(&'static str, &'static str),
    Int(i64),
    Decimal(Decimal),
    /// Money in 元, grouped (`1,234,567.80`).
    Money(Fen),
    Date(Date),
    /// An indicator group, named in both scripts.
    Group(GroupName),
    /// A dimension of measure (`人数` / `people`).
    Dimension(Dimension),
    Code(Code),
    /// Several values joined the way each language joins them.
    List(Sep, Box<[Arg]>),
    /// A nested message.
    Message(Box<Message>),
}

impl Message {
    pub fn new(zh: &'static str, en: &'static str, args: Box<[Arg]>) -> Message {
        Message { zh, en, args }
    }

    /// A message without arguments.
    pub fn fixed(zh: &'static str, en: &'static str) -> Message {
        Message::new(zh, en, Box::new([]))
    }

    /// The message worded in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write(lang, &mut out);
        out
    }

    /// Chinese wording (tests and the zh half of snapshots).
    pub fn zh(&self) -> String {
        self.render(Lang::Zh)
    }

    /// English wording.
    pub fn en(&self) -> String {
        self.render(Lang::En)
    }

    fn write(&self, lang: Lang, out: &mut String) {
        let template = match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        };
        let mut next = 0;
        let mut chars = template.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    out.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    out.push('}');
                }
                '{' => {
                    let rest = &template[i + 1..];
                    let close = rest.find('}').unwrap_or(rest.len());
                    let index = match rest[..close].parse::<usize>() {
                        Ok(n) => n,
                        Err(_) => {
                            let n = next;
                            next += 1;
                            n
                        }
                    };
                    if let Some(arg) = self.args.get(index) {
                        arg.write(lang, out);
                    }
                    for _ in 0..rest[..close].chars().count() + 1 {
                        chars.next();
                    }
                }
                c => out.push(c),
            }
        }
    }
}

impl Arg {
    fn write(&self, lang: Lang, out: &mut String) {
        let zh = lang == Lang::Zh;
        match self {
            Arg::Text(s) => out.push_str(s),
            Arg::Word(w) => out.push_str(w),
            Arg::Words(z, e) => out.push_str(if zh { z } else { e }),
            Arg::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Arg::Decimal(d) => {
                let _ = write!(out, "{d}");
            }
            Arg::Money(f) => out.push_str(&f.grouped()),
            Arg::Date(d) => {
                let _ = write!(out, "{d}");
            }
            Arg::Group(g) => {
                let _ = if zh {
                    write!(out, "{}（{}）", g.form_name(), g.as_str())
                } else {
                    write!(out, "{} ({})", g.as_str(), g.form_name())
                };
            }
            Arg::Dimension(d) => out.push_str(&if zh { d.name_zh() } else { d.to_string() }),
            Arg::Code(c) => out.push_str(c.as_str()),
            Arg::List(sep, items) => {
                let sep = match (sep, zh) {
                    (Sep::Comma, true) => "、",
                    (Sep::Comma, false) => ", ",
                    (Sep::Semicolon, true) => "；",
                    (Sep::Semicolon, false) => "; ",
                    (Sep::Or, _) => " / ",
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(sep);
                    }
                    item.write(lang, out);
                }
            }
            Arg::Message(m) => m.write(lang, out),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.into())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Arg {
        Arg::Text((*s).into())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s.into_boxed_str())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.as_str().into())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Arg {
        Arg::Text(s.as_ref().into())
    }
}
impl From<&std::borrow::Cow<'_, str>> for Arg {
    fn from(s: &std::borrow::Cow<'_, str>) -> Arg {
        Arg::Text(s.as_ref().into())
    }
}
impl From<char> for Arg {
    fn from(c: char) -> Arg {
        Arg::Text(c.to_string().into_boxed_str())
    }
}
macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_args!(i32, i64, u32, u64, usize);
impl From<&Decimal> for Arg {
    fn from(d: &Decimal) -> Arg {
        Arg::Decimal(*d)
    }
}
impl From<Decimal> for Arg {
    fn from(d: Decimal) -> Arg {
        Arg::Decimal(d)
    }
}
impl From<Fen> for Arg {
    fn from(f: Fen) -> Arg {
        Arg::Money(f)
    }
}
impl From<Date> for Arg {
    fn from(d: Date) -> Arg {
        Arg::Date(d)
    }
}
impl From<GroupName> for Arg {
    fn from(g: GroupName) -> Arg {
        Arg::Group(g)
    }
}
impl From<Dimension> for Arg {
    fn from(d: Dimension) -> Arg {
        Arg::Dimension(d)
    }
}
impl From<Code> for Arg {
    fn from(c: Code) -> Arg {
        Arg::Code(c)
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}
impl<T: Into<Arg>> From<Vec<T>> for Arg {
    fn from(items: Vec<T>) -> Arg {
        Arg::list(Sep::Comma, items)
    }
}

impl Arg {
    /// Values joined with `sep`.
    pub fn list<T: Into<Arg>>(sep: Sep, items: impl IntoIterator<Item = T>) -> Arg {
        Arg::List(sep, items.into_iter().map(Into::into).collect())
    }
}

/// `t!("中文 {}", "English {}", args…)`: a message with its arguments, worded when shown.
#[macro_export]
macro_rules! t {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::diag::Message::new($zh, $en, Box::new([]))
    };
    ($zh:literal, $en:literal, $($arg:expr),+ $(,)?) => {
        $crate::diag::Message::new(
            $zh,
            $en,
            Box::new([$($crate::diag::Arg::from($arg)),+]),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_take_arguments_in_order_or_by_number_and_escape_braces() {
        let m = crate::t!("{1} 与 {0}：{{}}", "{} and {}: {{}}", "甲", 2);
        assert_eq!(m.zh(), "2 与 甲：{}");
        assert_eq!(m.en(), "甲 and 2: {}");
    }

    #[test]
    fn typed_arguments_word_themselves_per_language() {
        let m = crate::t!(
            "{} 不能放在 {} 下",
            "{} cannot stand under {}",
            GroupName::Social,
            GroupName::Output
        );
        assert_eq!(
            m.zh(),
            "社会效益指标（social） 不能放在 产出指标（output） 下"
        );
        assert_eq!(
            m.en(),
            "social (社会效益指标) cannot stand under output (产出指标)"
        );
        let list = crate::t!("应为：{}", "one of: {}", vec!["人员类", "运转类"]);
        assert_eq!(list.zh(), "应为：人员类、运转类");
        assert_eq!(list.en(), "one of: 人员类, 运转类");
    }
}
