//! Source files and spans: the first stage of the pipeline. Every later stage refers to text
//! by `Span` (file id + byte range) and turns spans into line/column only when a diagnostic
//! is shown, so lexing and parsing never pay for position bookkeeping.

use std::ops::Range;
use std::sync::Arc;

/// Index of a file in [`Files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// The largest file perfc reads: offsets are 32-bit, which keeps every span small (a file
/// of 4 GB is no filing; a larger one is refused with E0118).
pub const MAX_FILE_BYTES: usize = u32::MAX as usize;

/// A byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    /// An empty span at the start of this one (for insertions).
    pub fn at_start(self) -> Span {
        Span {
            end: self.start,
            ..self
        }
    }
}

/// One loaded file. `text` is the decoded source with any BOM removed; byte offsets in spans
/// refer to it. Files that could not be decoded keep the lossy text so diagnostics still show.
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// Character offset of the start of every line (for renderers that count characters),
    /// computed on first use: only rendering needs it, and counting every character of a
    /// large file costs as much as a good part of checking it.
    line_char_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(name: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name,
            text,
            line_starts,
            line_char_starts: std::sync::OnceLock::new(),
        }
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The character offset of a byte offset.
    pub fn char_offset(&self, offset: usize) -> usize {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let starts = self.line_char_starts.get_or_init(|| {
            let mut chars = 0;
            let mut out = Vec::with_capacity(self.line_starts.len());
            for w in self.line_starts.windows(2) {
                out.push(chars);
                chars += self.text[w[0]..w[1]].chars().count();
            }
            out.push(chars);
            out
        });
        starts[line] + self.text[start..offset].chars().count()
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_index(offset.min(self.text.len())) + 1
    }

    /// 1-based line and 1-based column counted in characters, as editors and the JSON
    /// message format expect.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All files of one run, in load order. Shared with the per-file models that borrow from
/// them.
#[derive(Default, Clone)]
pub struct Files {
    files: Vec<Arc<SourceFile>>,
}

impl Files {
    pub fn new() -> Files {
        Files::default()
    }
    pub fn from_sources(files: Vec<Arc<SourceFile>>) -> Files {
        Files { files }
    }
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files
            .push(Arc::new(SourceFile::new(name.into(), text.into())));
        id
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.files.len() as u32).map(FileId)
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a".into(), "名称 = 1\n第二行".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col("名称 ".len()), (1, 4));
        assert_eq!(f.line_col("名称 = 1\n".len()), (2, 1));
        assert_eq!(f.line_col("名称 = 1\n第二".len()), (2, 3));
        assert_eq!(f.char_offset("名称 = 1\n第二".len()), 9);
    }
}
