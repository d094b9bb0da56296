//! Diagnostics as data. Every stage returns `Diagnostic` values (code, severity, message,
//! labelled spans, help, fix-it); nothing is formatted until `render` (human, via ariadne)
//! or `json` (one object per line) shows them, and the language server maps the same values.

pub mod codes;
pub mod json;
pub mod message;
pub mod render;

pub use codes::{Code, CodeInfo};
pub use message::{Arg, Message, Sep};

use crate::source::Span;

/// Output language of messages. Chinese is the tool's first language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`,
    /// as POSIX orders them. Only an explicit non-Chinese locale (`en_US.UTF-8`) selects
    /// English; unset, `C` and `POSIX` keep Chinese, the users' language.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return Lang::from_locale(&v);
            }
        }
        Lang::Zh
    }

    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.to_ascii_lowercase();
        if l.starts_with("zh") || l == "c" || l == "posix" || l.starts_with("c.") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<Message>,
}

/// How sure a fix-it is, as rustc grades its suggestions. Only `MachineApplicable` fixes
/// may be applied without a person reading them (`perfc fix`, an editor's "fix all"): they
/// cannot change what the filing says. Everything that could change a target, an amount or
/// a date is `MaybeIncorrect`, however likely it is to be right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Certain: the edit keeps the meaning (Chinese quotes to `"`, a keyword's spelling).
    MachineApplicable,
    /// Probably right, but it changes what is declared: a person decides.
    MaybeIncorrect,
    /// A template: the replacement holds placeholders (`N`, `……`) to fill in.
    HasPlaceholders,
}

impl Applicability {
    /// The name used in JSON messages (rustc's spelling, kebab-case).
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "machine-applicable",
            Applicability::MaybeIncorrect => "maybe-incorrect",
            Applicability::HasPlaceholders => "has-placeholders",
        }
    }
}

/// One edit: replace `span` with `replacement` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A suggested change: one or more edits applied together, and how sure it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    fn one(span: Span, replacement: impl Into<String>, applicability: Applicability) -> Fix {
        Fix {
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
            applicability,
        }
    }
    /// An edit that cannot change the meaning.
    pub fn certain(span: Span, replacement: impl Into<String>) -> Fix {
        Fix::one(span, replacement, Applicability::MachineApplicable)
    }
    /// An edit a person must confirm.
    pub fn maybe(span: Span, replacement: impl Into<String>) -> Fix {
        Fix::one(span, replacement, Applicability::MaybeIncorrect)
    }
    /// A template with placeholders to fill in.
    pub fn template(span: Span, replacement: impl Into<String>) -> Fix {
        Fix::one(span, replacement, Applicability::HasPlaceholders)
    }
    /// A further edit applied together with the others.
    pub fn and(mut self, span: Span, replacement: impl Into<String>) -> Fix {
        self.edits.push(Edit {
            span,
            replacement: replacement.into(),
        });
        self
    }
    pub fn is_certain(&self) -> bool {
        self.applicability == Applicability::MachineApplicable
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Message,
    /// The first label is the primary span.
    pub labels: Vec<Label>,
    pub help: Option<Message>,
    /// Alternative fixes, the likeliest first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity, pointing at `span`.
    pub fn new(code: Code, span: Span, message: Message) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.info().severity,
            message,
            labels: vec![Label {
                span,
                message: None,
            }],
            help: None,
            fixes: Vec::new(),
        }
    }
    pub fn primary(&self) -> Span {
        self.labels[0].span
    }
    /// Message on the primary label.
    pub fn label(mut self, message: Message) -> Self {
        self.labels[0].message = Some(message);
        self
    }
    /// A secondary label.
    pub fn with_label(mut self, span: Span, message: Message) -> Self {
        self.labels.push(Label {
            span,
            message: Some(message),
        });
        self
    }
    pub fn help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }
    /// Add a fix (alternatives are offered in the order added).
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Where a stage puts its diagnostics.
pub type Diagnostics = Vec<Diagnostic>;

/// Sort for display: by file, then position, then code, so output is stable whatever order
/// the checks ran in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| {
        let s = d.primary();
        (s.file, s.start, s.end, d.code)
    });
}
