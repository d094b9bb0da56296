//! The `perfc` command line: parse arguments, call the library, print, map exit codes
//! (0 no errors · 1 the input has errors · 2 usage or I/O failure).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use perfc::diag::render::{render_all, render_short, warning_summary, RenderOptions};
use perfc::diag::{json::to_json_line, Code, Lang};
use perfc::emit::evaluation::EvalFormat;
use perfc::emit::Format;
use perfc::Compilation;

#[derive(Parser)]
#[command(
    name = "perfc",
    version,
    about = "perfc — 绩效目标申报表编译器 / the compiler for .perf performance-target filings",
    long_about = "perfc 检查并编译 .perf 文件（财政项目支出绩效目标申报表的纯文本形式）。\n\
                  perfc checks and compiles .perf files, the plain-text form of the\n\
                  财政项目支出绩效目标申报表.\n\n\
                  退出码 / exit codes: 0 无错误 no errors · 1 输入有错误 the input has errors (diff: 有变化 changes) · 2 用法或读写失败 usage or I/O failure"
)]
struct Cli {
    /// 消息语言（默认取自 LC_ALL / LC_MESSAGES / LANG，未设置时为中文） / message language
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// 颜色（诊断消息，以及 perfc diff 的报告）/ colour in messages and in perfc diff's report
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    /// 供人阅读 / for people
    Human,
    /// 每条诊断一行：文件:行:列、代码、消息 / one line per diagnostic: file:line:col, code, message
    Short,
    /// 每行一个 JSON 对象，输出到标准输出 / one JSON object per line on stdout
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// 供人阅读（中文或英文，随 --lang）/ for people, in the language of --lang
    Human,
    /// perfc-diff/1 JSON（见 docs/outputs.md）/ the perfc-diff/1 JSON shape
    Json,
    /// Markdown，用作合并请求的评论 / Markdown, for a pull-request comment
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KeywordsArg {
    /// 中文关键字（项目、产出指标 ……）/ Chinese keywords
    Zh,
    /// 英文关键字（project、output …）/ English keywords
    En,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// 警告也视为错误 / treat warnings as errors
    Warnings,
}

#[derive(Args)]
struct CheckOpts {
    /// .perf 文件或文件夹（递归查找 *.perf，按路径排序） / files or folders
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 诊断输出格式 / diagnostic format
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// 把警告当作错误 / fail on warnings too
    #[arg(long, value_enum)]
    deny: Option<Deny>,
}

/// Where and how `build` and `evaluate` write their output.
#[derive(Args)]
struct OutputOpts {
    /// 输出文件（省略则写到标准输出）；有错误时不写任何文件 / output file (stdout if omitted)
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// CSV 不加 UTF-8 BOM（默认加，以便 Excel 正确显示中文）/ omit the UTF-8 BOM in CSV
    #[arg(long)]
    no_bom: bool,
    /// 表格宽度（默认取终端宽度）/ table width (default: the terminal's)
    #[arg(long)]
    width: Option<usize>,
    /// 逐条显示警告（默认只显示按检查分类的统计；逐条警告见 perfc check）/ print each warning (by default only their count per lint; `perfc check` lists them)
    #[arg(long)]
    show_warnings: bool,
}

impl OutputOpts {
    fn emit_options(&self, lang: Lang, warnings_appendix: bool) -> perfc::emit::Options {
        perfc::emit::Options {
            lang,
            bom: !self.no_bom,
            width: self.width.unwrap_or_else(terminal_width),
            warnings_appendix,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// 检查文件，报告错误和警告 / check files and report problems
    Check(CheckOpts),
    /// 编译为提交格式 / compile to an output format
    Build {
        #[command(flatten)]
        opts: CheckOpts,
        /// 输出格式 / output format
        #[arg(long, value_enum)]
        emit: Format,
        #[command(flatten)]
        out: OutputOpts,
        /// HTML 不附检查警告附录（提交用的干净副本）/ leave the warnings appendix out of the HTML
        #[arg(long)]
        no_warnings: bool,
    },
    /// 年终绩效自评：每个填了实际完成值的项目的自评表（得分、等级），及汇总 / the year-end self-evaluation forms and their summary
    #[command(
        long_about = "年终绩效自评（见 docs/self-evaluation.md）：为每个填了实际完成值（actual）的项目输出\n\
                      项目支出绩效自评表——资金执行情况、年度总体目标的完成情况、每个指标的分值和得分、\n\
                      偏差原因、总分和等级，然后是各项目的得分汇总。没有实际完成值的项目列为“未自评”。\n\
                      The year-end self-evaluation (see docs/self-evaluation.md): for each project with actuals,\n\
                      the 项目支出绩效自评表 (budget execution, the goal as achieved, each indicator's weight and\n\
                      score, reasons for shortfalls, total and grade), then a summary across projects. Projects\n\
                      without any actual are listed as not evaluated.\n\n\
                      退出码 / exit codes: 0 已输出 written · 1 输入有错误，或没有项目填写实际完成值 the input has errors, or no project has actuals · 2 用法或读写失败 usage or I/O failure"
    )]
    Evaluate {
        #[command(flatten)]
        opts: CheckOpts,
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value = "table")]
        emit: perfc::emit::evaluation::EvalFormat,
        #[command(flatten)]
        out: OutputOpts,
    },
    /// 自动修改确定无误的问题，列出其余的 / apply the certain fixes, list the rest
    Fix {
        /// .perf 文件或文件夹（递归查找 *.perf） / files or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 只显示修改（统一差异格式），不写入文件 / print the changes as a unified diff, write nothing
        #[arg(long)]
        dry_run: bool,
        /// 也应用会改变申报内容的修改（如 `=` 改为 `>=`）/ also apply fixes that change what the filing says
        #[arg(long = "unsafe")]
        unsafe_fixes: bool,
    },
    /// 语言服务器（标准输入输出），供编辑器使用 / language server on stdio, for editors
    Lsp,
    /// 按统一版式重排文件，保留注释、关键字语言和数字写法 / lay files out in the canonical format
    Fmt {
        /// .perf 文件或文件夹（递归查找 *.perf）；`-` 从标准输入读、写到标准输出 / files or folders; `-` for stdin to stdout
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 只检查：有文件需要重排时打印差异并以 1 退出，不写文件 / write nothing: print a diff for each file that would change and exit 1
        #[arg(long)]
        check: bool,
    },
    /// 比较两个版本的申报：项目、字段、资金、目标和指标的变化，放宽的目标特别标出 / what changed between two versions of a filing, looser targets flagged
    #[command(
        override_usage = "perfc diff [OPTIONS] OLD NEW",
        long_about = "比较两个版本的申报：项目、字段、资金、目标和指标的变化，放宽的目标特别标出。\n\
                      What changed between two versions of a filing, looser targets flagged.\n\n\
                      退出码 / exit codes: 0 没有变化 no changes · 1 有变化 changes · 2 读写失败或某一版本有错误 I/O failure or a side with errors\n\
                      作为 git 的外部比较程序（7 个参数）时总是以 0 退出 / as git's external diff driver (7 arguments) it exits 0; see docs/diff.md"
    )]
    Diff {
        /// 旧版和新版：文件或文件夹（递归查找 *.perf）；或 git 传给外部比较程序的 7 个参数 / OLD and NEW: files or folders; or the 7 arguments git passes an external diff
        #[arg(required = true, value_name = "PATH", num_args = 1..)]
        paths: Vec<PathBuf>,
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value = "human")]
        format: DiffFormat,
    },
    /// 把 Excel 申报表、perfc 的 CSV 和 perfc/1 JSON 导入为排好版的 .perf / bring workbooks, perfc's CSV and perfc/1 JSON in as formatted .perf
    #[command(
        long_about = "把 Excel 申报表（按标签查找表单）、perfc 的 CSV 和 perfc/1 JSON 导入为排好版的 .perf（见 docs/import.md）。\n\
                      Bring workbooks (forms found by their labels), perfc's CSV and perfc/1 JSON in as formatted .perf (see docs/import.md).\n\n\
                      退出码 / exit codes: 0 已导入 imported · 1 输入中没有可识别的申报表 no recognisable form · 2 读写失败或用法错误 I/O failure or usage"
    )]
    Import {
        /// 输入文件：.xlsx、perfc/1 JSON（build --emit json）、CSV（build --emit csv 和 --emit summary）/ inputs: .xlsx, perfc/1 JSON, perfc's CSV
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// 输出：省略则写到标准输出；以 .perf 结尾则写一个文件；否则是文件夹，每个项目一个文件 / stdout if omitted; one file if it ends in .perf; else a folder, one file per project
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// 关键字的语言 / the language of the keywords written
        #[arg(long, value_enum, default_value = "zh")]
        keywords: KeywordsArg,
    },
    /// 显示诊断代码的详细说明 / explain a diagnostic code
    Explain {
        /// 代码或检查名，如 E0301 或 unknown-unit / a code or lint name
        code: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    let color = match cli.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    match cli.command {
        Command::Check(opts) => run_check(&opts, lang, color, true, None),
        Command::Build {
            opts,
            emit,
            out,
            no_warnings,
        } => run_check(
            &opts,
            lang,
            color,
            out.show_warnings,
            Some((
                Output::Build(emit),
                out.output.clone(),
                out.emit_options(lang, !no_warnings),
            )),
        ),
        Command::Evaluate { opts, emit, out } => run_check(
            &opts,
            lang,
            color,
            out.show_warnings,
            Some((
                Output::Evaluate(emit),
                out.output.clone(),
                out.emit_options(lang, false),
            )),
        ),
        Command::Fix {
            paths,
            dry_run,
            unsafe_fixes,
        } => run_fix(&paths, dry_run, unsafe_fixes, lang),
        Command::Explain { code } => explain(&code, lang),
        Command::Diff { paths, format } => {
            // The report goes to stdout: colour it when stdout is a terminal (or when asked).
            let paint = match cli.color {
                ColorArg::Always => true,
                ColorArg::Never => false,
                ColorArg::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            run_diff(&paths, format, lang, color, paint)
        }
        Command::Fmt { paths, check } => run_fmt(&paths, check, lang, color),
        Command::Import {
            inputs,
            output,
            keywords,
        } => {
            let keywords = match keywords {
                KeywordsArg::Zh => perfc::import::write::Keywords::Zh,
                KeywordsArg::En => perfc::import::write::Keywords::En,
            };
            run_import(&inputs, output.as_deref(), keywords, lang)
        }
        Command::Lsp => {
            // Only an explicit --lang overrides what the editor asks for.
            let explicit = cli.lang.map(|l| match l {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            });
            match perfc::lsp::run(explicit) {
                Ok(perfc::lsp::Ending::AfterShutdown) => ExitCode::SUCCESS,
                Ok(perfc::lsp::Ending::WithoutShutdown) => ExitCode::from(1),
                Err(e) => usage_error(&e, lang),
            }
        }
    }
}

/// One side of `perfc diff`: its files compiled, or what went wrong reading them.
fn diff_side(paths: &[PathBuf]) -> Result<Compilation, perfc::load::LoadError> {
    let inputs = perfc::load::expand(paths).and_then(|p| perfc::load::read_all(&p))?;
    Ok(perfc::compile_with(inputs, perfc::Keep::Projects))
}

/// The words of `perfc diff`'s own messages.
fn side_has_errors(name: &str, errors: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "`{name}` 有 {errors} 个错误，无法可靠地比较（perfc check 可查看全部诊断）"
        ),
        Lang::En => format!(
            "`{name}` has {errors} error(s) and cannot be compared reliably (perfc check shows every diagnostic)"
        ),
    }
}

/// `perfc diff OLD NEW`: exit 0 when nothing changed, 1 when something did, 2 when a side
/// cannot be read or has errors (its errors shown as `perfc check` shows them: a model
/// with errors may lack what was meant, so a comparison would report phantom changes).
/// With the 7 (or, for a rename, 9) arguments git passes an external diff driver, the
/// git mode of `git_diff`.
fn run_diff(
    paths: &[PathBuf],
    format: DiffFormat,
    lang: Lang,
    color: bool,
    paint: bool,
) -> ExitCode {
    let from_git = std::env::var_os("GIT_DIFF_PATH_COUNTER").is_some();
    match paths.len() {
        2 => {}
        7 | 9 => return git_diff(paths, format, lang, paint),
        1 if from_git => {
            // git calls an external diff with the path alone for an unmerged file.
            let path = paths[0].display();
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!("perfc diff {path}：未合并，无法比较"),
                    Lang::En => format!("perfc diff {path}: unmerged, not compared"),
                }
            );
            return ExitCode::SUCCESS;
        }
        _ => {
            let msg = match lang {
                Lang::Zh => "perfc diff 需要两个路径：旧版 OLD 和新版 NEW（文件或文件夹）",
                Lang::En => "perfc diff takes two paths: OLD and NEW (files or folders)",
            };
            return usage_error(msg, lang);
        }
    }
    let mut sides = Vec::new();
    for p in paths {
        let c = match diff_side(std::slice::from_ref(p)) {
            Ok(c) => c,
            Err(e) => return usage_error(&e.message(lang), lang),
        };
        if c.error_count() > 0 {
            let mut err = std::io::stderr().lock();
            let errors = c.diagnostics.iter().filter(|d| d.is_error());
            let _ = render_all(&c.files, errors, &RenderOptions { lang, color }, &mut err);
            let name = p.display().to_string();
            return usage_error(&side_has_errors(&name, c.error_count(), lang), lang);
        }
        sides.push(c);
    }
    let (old, new) = (sides[0].program(), sides[1].program());
    let changes = perfc::diff::diff(&old, &new);
    let (old_name, new_name) = (
        paths[0].display().to_string(),
        paths[1].display().to_string(),
    );
    let ctx = perfc::diff::Context {
        old_name: &old_name,
        new_name: &new_name,
        totals: totals_if_several(&old, &new),
    };
    let text = match format {
        DiffFormat::Human => painted(perfc::diff::human(&changes, &ctx, lang), paint),
        DiffFormat::Json => perfc::diff::json(&changes),
        DiffFormat::Markdown => perfc::diff::markdown(&changes, &ctx, lang),
    };
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        return usage_error(&e.to_string(), lang);
    }
    if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The terminal report in colour: a looser target (`!`) in bold red, what was added (`+`)
/// green, what was removed (`-`) red. The text is the same with colour off.
fn painted(report: String, paint: bool) -> String {
    if !paint {
        return report;
    }
    let mut out = String::with_capacity(report.len() + 256);
    for line in report.split_inclusive('\n') {
        let body = line.trim_start();
        let code = if body.starts_with("! ") {
            Some("\x1b[1;31m")
        } else if body.starts_with("+ ") {
            Some("\x1b[32m")
        } else if body.starts_with("- ") {
            Some("\x1b[31m")
        } else {
            None
        };
        match code {
            Some(c) => {
                let text = line.trim_end_matches('\n');
                out.push_str(c);
                out.push_str(text);
                out.push_str("\x1b[0m");
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The annual totals, worth a line of their own only when a side has more than one project.
fn totals_if_several(
    old: &perfc::model::Program,
    new: &perfc::model::Program,
) -> Option<(i128, i128)> {
    (old.projects.len() > 1 || new.projects.len() > 1)
        .then(|| perfc::diff::annual_totals(old, new))
        .flatten()
}

/// `perfc diff` as git's external diff driver: `path old-file old-hex old-mode new-file
/// new-hex new-mode` (two more after a rename: the new path and git's rename note). The
/// output goes to stdout under a header naming the file; git shows it as the file's diff.
/// It exits 0 whatever changed, because git stops the whole `git diff` at a driver that
/// exits non-zero ("external diff died"). A side with errors cannot be compared by meaning,
/// so its file's text diff is shown after a line saying so.
fn git_diff(args: &[PathBuf], format: DiffFormat, lang: Lang, paint: bool) -> ExitCode {
    let path = args[0].to_string_lossy().replace('\\', "/");
    let new_path = match args.get(7) {
        Some(p) => p.to_string_lossy().replace('\\', "/"),
        None => path.clone(),
    };
    let (old_name, new_name) = (format!("a/{path}"), format!("b/{new_path}"));
    let mut sides = Vec::new();
    let mut texts = Vec::new();
    for (file, name) in [(&args[1], &old_name), (&args[4], &new_name)] {
        // An added or removed file is /dev/null on the other side: no projects.
        let bytes = if file.as_os_str() == "/dev/null" {
            None
        } else {
            match std::fs::read(file) {
                Ok(b) => Some(b),
                Err(e) => {
                    let e = perfc::load::LoadError::Io(file.clone(), e);
                    return usage_error(&e.message(lang), lang);
                }
            }
        };
        texts.push(
            bytes
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default(),
        );
        let inputs = bytes.map(|b| vec![(name.clone(), b)]).unwrap_or_default();
        sides.push(perfc::compile_with(inputs, perfc::Keep::Projects));
    }
    let mut out = String::new();
    out.push_str(&format!("perfc diff {old_name} {new_name}\n"));
    let broken: Vec<String> = sides
        .iter()
        .zip([&old_name, &new_name])
        .filter(|(c, _)| c.error_count() > 0)
        .map(|(c, name)| side_has_errors(name, c.error_count(), lang))
        .collect();
    if !broken.is_empty() {
        for b in &broken {
            out.push_str(b);
            out.push('\n');
        }
        out.push_str(match lang {
            Lang::Zh => "以下是文本差异：\n",
            Lang::En => "the text diff follows:\n",
        });
        let d = similar::TextDiff::from_lines(&texts[0], &texts[1]);
        out.push_str(
            &d.unified_diff()
                .context_radius(3)
                .header(&old_name, &new_name)
                .to_string(),
        );
    } else {
        let (old, new) = (sides[0].program(), sides[1].program());
        let changes = perfc::diff::diff(&old, &new);
        let ctx = perfc::diff::Context {
            old_name: &old_name,
            new_name: &new_name,
            totals: totals_if_several(&old, &new),
        };
        out.push_str(&match format {
            DiffFormat::Human => painted(perfc::diff::human(&changes, &ctx, lang), paint),
            DiffFormat::Json => perfc::diff::json(&changes),
            DiffFormat::Markdown => perfc::diff::markdown(&changes, &ctx, lang),
        });
    }
    // A blank line before the next file's header.
    out.push('\n');
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(&e.to_string(), lang),
    }
}

/// `perfc fix`: the library fixes and words the report; this writes the files (or prints the
/// diff) and maps the exit code: 0 when the fixed files have no errors, 1 when some remain.
fn run_fix(paths: &[PathBuf], dry_run: bool, unsafe_fixes: bool, lang: Lang) -> ExitCode {
    let found = match perfc::load::expand(paths) {
        Ok(p) => p,
        Err(e) => return usage_error(&e.message(lang), lang),
    };
    let inputs = match perfc::load::read_all(&found) {
        Ok(i) => i,
        Err(e) => return usage_error(&e.message(lang), lang),
    };
    let mode = if unsafe_fixes {
        perfc::fix::Mode::Unsafe
    } else {
        perfc::fix::Mode::Safe
    };
    let outcome = perfc::fix::fix_inputs(inputs, mode);
    for (path, f) in found.iter().zip(&outcome.files) {
        if !f.changed() {
            continue;
        }
        let done = if dry_run {
            std::io::stdout()
                .lock()
                .write_all(perfc::fix::diff(f).as_bytes())
        } else {
            write_atomically(path, &f.bytes())
        };
        if let Err(e) = done {
            let msg = match lang {
                Lang::Zh => format!("无法写入 `{}`：{e}", path.display()),
                Lang::En => format!("cannot write `{}`: {e}", path.display()),
            };
            return usage_error(&msg, lang);
        }
    }
    eprint!("{}", perfc::fix::report(&outcome, lang, dry_run));
    if outcome.after.error_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage_error(message: &str, lang: Lang) -> ExitCode {
    let prefix = match lang {
        Lang::Zh => "错误",
        Lang::En => "error",
    };
    eprintln!("{prefix}: {message}");
    ExitCode::from(2)
}

/// The terminal's width, or `COLUMNS`, or 100 when neither is known (a pipe, CI).
fn terminal_width() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return w as usize;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Check, print the diagnostics, and for `build` emit. `show_warnings`: print each warning
/// (`check` does; `build` prints only their count per lint unless asked, since the author
/// has read them in `check` already).
fn run_check(
    opts: &CheckOpts,
    lang: Lang,
    color: bool,
    show_warnings: bool,
    build: Option<(Output, Option<PathBuf>, perfc::emit::Options)>,
) -> ExitCode {
    if let Some((Output::Build(Format::Xlsx) | Output::Evaluate(EvalFormat::Xlsx), None, _)) =
        &build
    {
        if std::io::stdout().is_terminal() {
            let msg = match lang {
                Lang::Zh => "xlsx 是二进制文件，请用 -o 指定输出文件，如 -o 2024.xlsx",
                Lang::En => {
                    "xlsx is a binary format: name an output file with -o, e.g. -o 2024.xlsx"
                }
            };
            return usage_error(msg, lang);
        }
    }
    let inputs = match perfc::load::expand(&opts.paths).and_then(|p| perfc::load::read_all(&p)) {
        Ok(i) => i,
        Err(e) => return usage_error(&e.message(lang), lang),
    };
    // `check` needs no model once the rules have run: only each project's name is kept,
    // so memory stays near the size of the input.
    let keep = if build.is_some() {
        perfc::Keep::Projects
    } else {
        perfc::Keep::Names
    };
    let c = perfc::compile_with(inputs, keep);
    if let Err(e) = report(&c, opts.message_format, lang, color, show_warnings) {
        return usage_error(&e.to_string(), lang);
    }
    let failed =
        c.error_count() > 0 || (opts.deny == Some(Deny::Warnings) && c.warning_count() > 0);
    if failed {
        return ExitCode::from(1);
    }
    if let Some((emit, output, emit_opts)) = build {
        let emitted = match emit {
            Output::Build(format) => perfc::emit::emit(format, &c, &emit_opts),
            Output::Evaluate(format) => match evaluation(&c, format, &emit_opts) {
                Some(bytes) => bytes,
                None => return ExitCode::from(1),
            },
        };
        let bytes = match emitted {
            Ok(b) => b,
            Err(e) => return usage_error(&e, lang),
        };
        let written = match &output {
            Some(path) => write_atomically(path, &bytes),
            None => std::io::stdout().lock().write_all(&bytes),
        };
        if let Err(e) = written {
            let target = output
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "stdout".into());
            let msg = match lang {
                Lang::Zh => format!("无法写入 `{target}`：{e}"),
                Lang::En => format!("cannot write `{target}`: {e}"),
            };
            return usage_error(&msg, lang);
        }
    }
    ExitCode::SUCCESS
}

/// What `run_check` writes once the input has passed: `build`'s format or `evaluate`'s.
enum Output {
    Build(Format),
    Evaluate(EvalFormat),
}

/// `perfc evaluate`'s output, after saying on stderr which projects have no actual and so
/// are not evaluated. `None` when no project has any: there is nothing to evaluate, which
/// is said on stderr (the caller exits 1 and writes nothing).
fn evaluation(
    c: &Compilation,
    format: EvalFormat,
    opts: &perfc::emit::Options,
) -> Option<Result<Vec<u8>, String>> {
    let lang = opts.lang;
    let program = c.program();
    let entries = perfc::emit::evaluation::entries(&program);
    let mut err = std::io::stderr().lock();
    if entries.iter().all(|e| e.evaluation.is_none()) {
        let msg = match lang {
            Lang::Zh => format!(
                "错误: 没有项目填写实际完成值（actual），无法自评；{} 个项目都未自评。\n\
                 在指标后写上 actual（实际完成值）和 weight（分值），见 docs/self-evaluation.md",
                entries.len()
            ),
            Lang::En => format!(
                "error: no project has an actual value, so there is nothing to evaluate ({} project(s) not evaluated).\n\
                 Write `actual` (and `weight`) after the indicators; see docs/self-evaluation.md",
                entries.len()
            ),
        };
        let _ = writeln!(err, "{msg}");
        return None;
    }
    for e in entries.iter().filter(|e| e.evaluation.is_none()) {
        let name = &e.project.name;
        let _ = writeln!(
            err,
            "{}",
            match lang {
                Lang::Zh => format!("提示: 项目“{name}”没有实际完成值，未自评"),
                Lang::En => format!("note: project `{name}` has no actual value: not evaluated"),
            }
        );
    }
    Some(perfc::emit::evaluation::render(
        format,
        program.year,
        &entries,
        opts,
    ))
}

fn report(
    c: &Compilation,
    format: MessageFormat,
    lang: Lang,
    color: bool,
    show_warnings: bool,
) -> std::io::Result<()> {
    let shown: Vec<&perfc::diag::Diagnostic> = c
        .diagnostics
        .iter()
        .filter(|d| show_warnings || d.is_error())
        .collect();
    match format {
        MessageFormat::Json => {
            // Machines filter for themselves: every diagnostic, always.
            let mut out = std::io::stdout().lock();
            for d in &c.diagnostics {
                writeln!(out, "{}", to_json_line(&c.files, d, lang))?;
            }
            return Ok(());
        }
        MessageFormat::Short => {
            let mut err = std::io::stderr().lock();
            for d in shown {
                writeln!(err, "{}", render_short(&c.files, d, lang))?;
            }
        }
        MessageFormat::Human => {
            let mut err = std::io::stderr().lock();
            render_all(&c.files, shown, &RenderOptions { lang, color }, &mut err)?;
        }
    }
    let mut err = std::io::stderr().lock();
    if let Some(summary) = warning_summary(&c.diagnostics, lang) {
        writeln!(err, "{summary}")?;
        if !show_warnings {
            writeln!(
                err,
                "{}",
                match lang {
                    Lang::Zh => "（警告未逐条显示：用 perfc check 查看，或加 --show-warnings）",
                    Lang::En =>
                        "(warnings not listed one by one: see perfc check, or add --show-warnings)",
                }
            )?;
        }
    }
    let (e, w, p) = (c.error_count(), c.warning_count(), c.project_count());
    let line = match lang {
        Lang::Zh => format!(
            "检查了 {} 个文件、{p} 个项目：{e} 个错误，{w} 个警告",
            c.files.len()
        ),
        Lang::En => format!(
            "checked {} file(s), {p} project(s): {e} error(s), {w} warning(s)",
            c.files.len()
        ),
    };
    writeln!(err, "{line}")
}

/// `perfc fmt`: format each file in place (atomically, its mode kept), or with `--check`
/// print the diff of each file that would change. A file with syntax errors is left as it
/// is and its errors shown. Exit 1 when a file has errors or (`--check`) would change.
fn run_fmt(paths: &[PathBuf], check: bool, lang: Lang, color: bool) -> ExitCode {
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && paths.len() > 1 {
        let msg = match lang {
            Lang::Zh => "`-`（标准输入）不能和文件一起使用",
            Lang::En => "`-` (standard input) cannot be combined with files",
        };
        return usage_error(msg, lang);
    }
    let inputs: Vec<(String, Option<PathBuf>, Vec<u8>)> = if stdin {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes) {
            return usage_error(&e.to_string(), lang);
        }
        vec![("<stdin>".to_string(), None, bytes)]
    } else {
        let found = match perfc::load::expand(paths) {
            Ok(p) => p,
            Err(e) => return usage_error(&e.message(lang), lang),
        };
        let mut inputs = Vec::new();
        for path in found {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    inputs.push((path.to_string_lossy().replace('\\', "/"), Some(path), bytes))
                }
                Err(e) => {
                    let e = perfc::load::LoadError::Io(path, e);
                    return usage_error(&e.message(lang), lang);
                }
            }
        }
        inputs
    };
    let (mut errors, mut changed, mut written) = (0, 0, 0);
    let mut err = std::io::stderr().lock();
    for (name, path, bytes) in inputs {
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let mut diags = Vec::new();
        let (file, readable) =
            perfc::load::decode(perfc::source::FileId(0), name.clone(), bytes, &mut diags);
        let formatted = if readable && diags.iter().all(|d| !d.is_error()) {
            perfc::fmt::format(&file.text).map_err(|e| {
                diags = e;
            })
        } else {
            Err(())
        };
        let Ok(mut formatted) = formatted else {
            errors += 1;
            let mut files = perfc::source::Files::new();
            files.add(name.clone(), file.text.clone());
            let shown = diags.iter().filter(|d| d.is_error());
            let _ = render_all(&files, shown, &RenderOptions { lang, color }, &mut err);
            let _ = writeln!(
                err,
                "{}",
                match lang {
                    Lang::Zh => format!("`{name}` 有语法错误，未格式化"),
                    Lang::En => format!("`{name}` has syntax errors: not formatted"),
                }
            );
            continue;
        };
        if bom {
            formatted.insert(0, '\u{feff}');
        }
        let original = if bom {
            format!("\u{feff}{}", file.text)
        } else {
            file.text.clone()
        };
        let result = match (&path, check) {
            (_, true) => {
                if formatted != original {
                    changed += 1;
                    let diff = similar::TextDiff::from_lines(&original, &formatted);
                    let mut out = std::io::stdout().lock();
                    write!(
                        out,
                        "{}",
                        diff.unified_diff()
                            .context_radius(3)
                            .header(&name, &format!("{name} (perfc fmt)"))
                    )
                } else {
                    Ok(())
                }
            }
            (None, false) => std::io::stdout().lock().write_all(formatted.as_bytes()),
            (Some(p), false) => {
                if formatted != original {
                    written += 1;
                    write_atomically(p, formatted.as_bytes())
                } else {
                    Ok(())
                }
            }
        };
        if let Err(e) = result {
            let msg = match lang {
                Lang::Zh => format!("无法写入 `{name}`：{e}"),
                Lang::En => format!("cannot write `{name}`: {e}"),
            };
            return usage_error(&msg, lang);
        }
    }
    if check && changed > 0 {
        let _ = writeln!(
            err,
            "{}",
            match lang {
                Lang::Zh => format!("{changed} 个文件需要格式化（perfc fmt）"),
                Lang::En => format!("{changed} file(s) would be reformatted (perfc fmt)"),
            }
        );
    } else if written > 0 {
        let _ = writeln!(
            err,
            "{}",
            match lang {
                Lang::Zh => format!("已格式化 {written} 个文件"),
                Lang::En => format!("formatted {written} file(s)"),
            }
        );
    }
    if errors > 0 || (check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `perfc import INPUT… [-o OUT]`: read every input, print every file, and only then write
/// (each file atomically), so a failure leaves nothing half-written.
fn run_import(
    inputs: &[PathBuf],
    output: Option<&Path>,
    keywords: perfc::import::write::Keywords,
    lang: Lang,
) -> ExitCode {
    use perfc::import::{self, write, ImportError};
    let mut read = Vec::new();
    for path in inputs {
        match std::fs::read(path) {
            Ok(bytes) => read.push((path.to_string_lossy().replace('\\', "/"), bytes)),
            Err(e) => {
                let e = perfc::load::LoadError::Io(path.clone(), e);
                return usage_error(&e.message(lang), lang);
            }
        }
    }
    let imported = match import::import(&read) {
        Ok(i) => i,
        Err(e @ ImportError::Unreadable { .. }) => return usage_error(e.text(lang), lang),
        Err(e) => return no_form(e.text(lang), lang),
    };
    let note = match lang {
        Lang::Zh => "提示",
        Lang::En => "note",
    };
    for n in &imported.notices {
        let text = match lang {
            Lang::Zh => &n.zh,
            Lang::En => &n.en,
        };
        eprintln!("{note}: {}: {text}", n.place);
    }
    let filing = &imported.filing;
    if filing.projects.is_empty() {
        let msg = match lang {
            Lang::Zh => "输入中没有项目",
            Lang::En => "the inputs hold no project",
        };
        return no_form(msg, lang);
    }
    let bug = |e: String| {
        usage_error(
            &format!("internal: the imported text does not parse (please report): {e}"),
            lang,
        )
    };
    let folder = match output {
        None => {
            return match write::single(filing, keywords) {
                Ok(text) => {
                    let mut out = std::io::stdout().lock();
                    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(e) => usage_error(&e.to_string(), lang),
                    }
                }
                Err(e) => bug(e),
            };
        }
        Some(o) if o.extension().is_some_and(|e| e == "perf") => {
            return match write::single(filing, keywords) {
                Ok(text) => match write_atomically(o, text.as_bytes()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => usage_error(&format!("{}: {e}", o.display()), lang),
                },
                Err(e) => bug(e),
            };
        }
        Some(folder) => folder,
    };
    let files = match write::per_project(filing, keywords) {
        Ok(f) => f,
        Err(e) => return bug(e),
    };
    if let Err(e) = std::fs::create_dir_all(folder) {
        return usage_error(&format!("{}: {e}", folder.display()), lang);
    }
    for (name, text) in &files {
        let path = folder.join(name);
        if let Err(e) = write_atomically(&path, text.as_bytes()) {
            return usage_error(&format!("{}: {e}", path.display()), lang);
        }
    }
    ExitCode::SUCCESS
}

/// An input that was read but holds no form: exit 1.
fn no_form(message: &str, lang: Lang) -> ExitCode {
    let prefix = match lang {
        Lang::Zh => "错误",
        Lang::En => "error",
    };
    eprintln!("{prefix}: {message}");
    ExitCode::from(1)
}

/// Write to a temporary file beside the target, then rename it into place, so a reader
/// never sees a half-written file and a failure leaves the old file untouched. On every
/// error path the temporary file is dropped, which deletes it.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = new_temp_file(dir)?;
    tmp.write_all(bytes)?;
    keep_mode_of(path, &tmp)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// tempfile creates its files 0600 so that others cannot read a secret in /tmp; our file
/// becomes the user's output, so it is created like any other program's: 0666 less the
/// umask (open(2) applies the umask to the mode asked for).
#[cfg(unix)]
fn new_temp_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    tempfile::Builder::new()
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
}

#[cfg(not(unix))]
fn new_temp_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::NamedTempFile::new_in(dir)
}

/// Replacing a file must not change who may read it, as overwriting it in place would not:
/// the temporary file takes the target's permission bits. Setuid, setgid and sticky are not
/// carried over: they mean nothing on a data file that now belongs to whoever wrote it.
#[cfg(unix)]
fn keep_mode_of(target: &Path, tmp: &tempfile::NamedTempFile) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(target) {
        Ok(old) => tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(
                old.permissions().mode() & 0o777,
            )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn keep_mode_of(_target: &Path, _tmp: &tempfile::NamedTempFile) -> std::io::Result<()> {
    Ok(())
}

fn explain(name: &str, lang: Lang) -> ExitCode {
    match Code::lookup(name) {
        Some(code) => {
            print!("{}", code.info().explain);
            ExitCode::SUCCESS
        }
        None => {
            let msg = match lang {
                Lang::Zh => format!("没有诊断代码 `{name}`；代码形如 E0301，或检查名如 unknown-unit"),
                Lang::En => format!("no diagnostic code `{name}`; codes look like E0301, lint names like unknown-unit"),
            };
            usage_error(&msg, lang)
        }
    }
}
