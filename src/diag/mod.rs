//! Diagnostics as data. Every stage returns `Diagnostic` values (code, severity, message,
//! labelled spans, help, fix-it); nothing is formatted until `render` (human, via ariadne)
//! or `json` (one object per line) shows them, and the language server maps the same values.

pub mod codes;
pub mod json;
pub mod render;

pub use codes::{Code, CodeInfo};

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

/// A message in both languages; the renderer picks one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Shorthand: `t!("中文 {}", "English {}", args…)` formats both languages with the same args.
#[macro_export]
macro_rules! t {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::diag::Text::new(format!($zh), format!($en))
    };
    ($zh:expr, $en:expr, $($arg:tt)*) => {
        $crate::diag::Text::new(format!($zh, $($arg)*), format!($en, $($arg)*))
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<Text>,
}

/// A suggested edit: replace `span` with `replacement` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixIt {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Text,
    /// The first label is the primary span.
    pub labels: Vec<Label>,
    pub help: Option<Text>,
    pub fix: Option<FixIt>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity, pointing at `span`.
    pub fn new(code: Code, span: Span, message: Text) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.info().severity,
            message,
            labels: vec![Label {
                span,
                message: None,
            }],
            help: None,
            fix: None,
        }
    }
    pub fn primary(&self) -> Span {
        self.labels[0].span
    }
    /// Message on the primary label.
    pub fn label(mut self, message: Text) -> Self {
        self.labels[0].message = Some(message);
        self
    }
    /// A secondary label.
    pub fn with_label(mut self, span: Span, message: Text) -> Self {
        self.labels.push(Label {
            span,
            message: Some(message),
        });
        self
    }
    pub fn help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }
    pub fn fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(FixIt {
            span,
            replacement: replacement.into(),
        });
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
