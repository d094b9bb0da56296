//! Loading: paths → (name, bytes), folders expanded to their `.perf` files in sorted order,
//! and bytes → text (BOM removed, invalid UTF-8 reported with its byte offset).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceFile, Span};
use crate::t;

/// A problem with the paths themselves (exit code 2), not with their content.
#[derive(Debug)]
pub enum LoadError {
    NotFound(PathBuf),
    Io(PathBuf, std::io::Error),
    NoInputs(Vec<PathBuf>),
}

impl LoadError {
    pub fn message(&self, lang: crate::diag::Lang) -> String {
        use crate::diag::Lang::*;
        match (self, lang) {
            (LoadError::NotFound(p), Zh) => format!("找不到 `{}`", p.display()),
            (LoadError::NotFound(p), En) => format!("`{}` does not exist", p.display()),
            (LoadError::Io(p, e), Zh) => format!("无法读取 `{}`：{e}", p.display()),
            (LoadError::Io(p, e), En) => format!("cannot read `{}`: {e}", p.display()),
            (LoadError::NoInputs(ps), Zh) => format!("{} 中没有 .perf 文件", show(ps)),
            (LoadError::NoInputs(ps), En) => format!("no .perf files in {}", show(ps)),
        }
    }
}

fn show(ps: &[PathBuf]) -> String {
    ps.iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(crate::diag::Lang::En))
    }
}

/// The files named by `paths`: files as given, folders searched recursively for `*.perf`,
/// each folder's files in sorted path order so output does not depend on the file system.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(p.clone()),
            _ => LoadError::Io(p.clone(), e),
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    if out.is_empty() {
        return Err(LoadError::NoInputs(paths.to_vec()));
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError::Io(dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| LoadError::Io(dir.to_path_buf(), e))?;
        let path = entry.path();
        let ty = entry
            .file_type()
            .map_err(|e| LoadError::Io(path.clone(), e))?;
        if ty.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "perf") {
            out.push(path);
        }
    }
    Ok(())
}

/// Read every file. Display names use `/` so messages read the same on every system.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, LoadError> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).map_err(|e| LoadError::Io(p.clone(), e))?;
            Ok((p.to_string_lossy().replace('\\', "/"), bytes))
        })
        .collect()
}

/// Decode a file: its text (BOM removed) and whether it can be read. A file that is not
/// UTF-8 keeps its lossy text so diagnostics can show it; one too large for 32-bit offsets
/// keeps nothing.
pub fn decode(
    id: FileId,
    name: String,
    bytes: Vec<u8>,
    diags: &mut Diagnostics,
) -> (SourceFile, bool) {
    if let Some(d) = too_large(id, &name, bytes.len()) {
        diags.push(d);
        return (SourceFile::new(name, String::new()), false);
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    // Validating UTF-8 is a pass over every byte; simdutf8 makes it a small one.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just validated that `bytes` is UTF-8; validating it again in
        // `String::from_utf8` would cost as much as lexing a good part of the file.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return (SourceFile::new(name, text), true);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(name, text), true),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bad_len = e.utf8_error().error_len().unwrap_or(1);
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text is identical up to the first bad byte, so the span is right;
            // it covers the replacement character shown there.
            let end = offset + '\u{fffd}'.len_utf8();
            diags.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    Span::new(id, offset, end),
                    t!("文件不是有效的 UTF-8 编码", "the file is not valid UTF-8"),
                )
                .label(t!(
                    "字节偏移 {} 处有 {} 个无效字节",
                    "{1} invalid byte(s) at byte offset {0}",
                    offset,
                    bad_len
                ))
                .help(t!(
                    "请用 UTF-8 保存文件（GBK/GB2312 文件可在编辑器中“另存为 UTF-8”，或 `iconv -f GBK -t UTF-8`）",
                    "save the file as UTF-8 (a GBK/GB2312 file can be converted with your editor's \"save as UTF-8\" or `iconv -f GBK -t UTF-8`)"
                )),
            );
            (SourceFile::new(name, text), false)
        }
    }
}

/// E0118 for a file of `len` bytes, if it is too large for 32-bit offsets.
pub fn too_large(id: FileId, name: &str, len: usize) -> Option<Diagnostic> {
    (len > crate::source::MAX_FILE_BYTES).then(|| {
        Diagnostic::new(
            Code::FileTooLarge,
            Span::new(id, 0, 0),
            t!(
                "文件 `{}` 太大（{} 字节），无法检查",
                "the file `{}` is too large to check ({} bytes)",
                name,
                len
            ),
        )
        .label(t!(
            "perfc 读取的文件不超过 4 GB",
            "perfc reads files of up to 4 GB"
        ))
        .help(t!(
            "申报文件通常只有几 KB 到几 MB；请确认路径，或把申报拆成多个文件",
            "a filing is a few KB to a few MB: check the path, or split the filing into several files"
        ))
    })
}

/// A file named on the command line that is not a `.perf` file at all (`perfc check
/// README.md`): its extension is not `.perf` and its first line already fails to read. Then
/// one diagnostic says so, instead of a hundred about its text. A `.perf` file with a bad
/// first line is a filing with a typo and gets the usual diagnostics.
pub fn not_a_perf_file(
    id: FileId,
    name: &str,
    text: &str,
    diags: &[Diagnostic],
) -> Option<Diagnostic> {
    let is_perf = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("perf"));
    if is_perf {
        return None;
    }
    let (start, end) = first_content_line(text)?;
    let first_error = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.primary().start as usize)
        .min()?;
    if first_error > end {
        return None;
    }
    let ext = Path::new(name)
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let d = Diagnostic::new(
        Code::NotPerfFile,
        Span::new(id, start, end),
        t!("`{}` 不是 .perf 文件", "`{}` is not a .perf file", name),
    )
    .label(t!(
        "第一行就不是 .perf 的写法",
        "the first line is already not .perf"
    ));
    Some(match ext.to_ascii_lowercase().as_str() {
        ".xlsx" | ".xls" | ".csv" | ".docx" | ".doc" | ".wps" | ".et" => d.help(t!(
            "perfc 读取 .perf 文件（申报表的文本形式），不直接读取 {} 文件；请给出 .perf 文件或包含它们的文件夹",
            "perfc reads .perf files (the filing as text), not {} files; give .perf files or a folder holding them",
            ext
        )),
        _ => d.help(t!(
            "请给出 .perf 文件，或包含 .perf 文件的文件夹（文件夹中只读取 .perf 文件）；若内容确是 .perf 写法，请把文件改名为 .perf",
            "give .perf files, or a folder holding them (only .perf files are read from folders); if the content really is .perf, rename the file to .perf"
        )),
    })
}

/// The byte range of the first line with something other than blanks or a `//` comment.
fn first_content_line(text: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        if !trimmed.is_empty() && !trimmed.starts_with("//") {
            return Some((start, end));
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_past_32_bit_offsets_are_refused_with_a_code() {
        let d = too_large(FileId(0), "huge.perf", crate::source::MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(d.code, Code::FileTooLarge);
        assert!(too_large(FileId(0), "ok.perf", crate::source::MAX_FILE_BYTES).is_none());
    }
}
