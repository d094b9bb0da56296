//! Checking: syntax trees → the validated `model::Program`, plus diagnostics. One pass over
//! each project; every rule is a small function in the module of its concern (settings,
//! hierarchy, values, funding, dates), reading the tree and the context and appending
//! diagnostics. Cross-project rules (duplicate names) use hash maps, never pairwise loops.

mod allow;
mod dates;
mod funding;
mod hierarchy;
mod settings;
mod targets;
pub mod timephrase;
mod values;

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::hierarchy::Framework;
use crate::hierarchy::GroupName;
use crate::model::{Program, Project};
use crate::source::{FileId, Files, Span};
use crate::syntax::ast;
use crate::syntax::keywords::{self, Keyword, Kw, KwLang};
use crate::t;
use crate::units::Registry;

/// What a file's top-level settings give its projects.
pub struct FileContext {
    pub file: FileId,
    pub year: Option<i32>,
    pub department: Option<String>,
    pub implementer: Option<String>,
    pub framework: Framework,
    pub units: Registry,
    /// How the file spells keywords: help and fix-its write them the same way.
    pub keyword_lang: KwLang,
}

/// What one project is checked in: its file's context, and the language its own keywords
/// are written in (a file may mix them; help and fix-its follow the project's).
pub struct ProjectContext<'a> {
    pub in_file: &'a FileContext,
    pub keyword_lang: KwLang,
}

impl std::ops::Deref for ProjectContext<'_> {
    type Target = FileContext;
    fn deref(&self) -> &FileContext {
        self.in_file
    }
}

impl ProjectContext<'_> {
    /// A keyword as this project spells it, for help and fix-its (`计量单位` or `unit`).
    pub fn kw(&self, k: Kw) -> &'static str {
        keywords::spelling(Keyword::Kw(k), self.keyword_lang)
    }
    /// A group keyword as this project spells it (`产出指标` or `output`).
    pub fn group(&self, g: GroupName) -> &'static str {
        keywords::spelling(Keyword::Group(g), self.keyword_lang)
    }
    /// A funding key as this project spells it (`年度资金申请总额` or `annual`).
    pub fn fund(&self, k: ast::FundKey) -> &'static str {
        keywords::spelling(Keyword::Fund(k), self.keyword_lang)
    }
}

/// Check every parsed file together (duplicate projects are found across files).
pub fn check(
    files: &Files,
    parsed: &[(FileId, ast::File<'_>)],
    diags: &mut Diagnostics,
) -> Program {
    let mut projects = Vec::new();
    let mut program_year = None;
    let mut allows = Vec::new();
    let mut local = Vec::new();
    let syntax_errors = SyntaxErrors::new(diags);
    for (file, ast) in parsed {
        let ctx = settings::file_context(*file, ast, &mut local);
        program_year = program_year.or(ctx.year);
        for item in &ast.items {
            if let ast::Item::Project(p) = item {
                allow::collect_project(p, &mut allows, &mut local);
                let broken = syntax_errors.within(p.span);
                let text = &files.get(*file).text;
                let pctx = ProjectContext {
                    in_file: &ctx,
                    keyword_lang: keywords::lang_at(text, p.span.start as usize, ctx.keyword_lang),
                };
                projects.push(lower_project(files, &pctx, p, broken, &mut local));
            }
        }
    }
    duplicate_projects(&projects, &mut local);
    allow::apply(&allows, &mut local);
    diags.extend(local);
    Program {
        year: program_year,
        projects,
    }
}

/// Where the lexer and parser reported errors, to tell which projects they could not read
/// in full.
struct SyntaxErrors(Vec<(FileId, u32)>);

impl SyntaxErrors {
    fn new(diags: &Diagnostics) -> SyntaxErrors {
        let mut at: Vec<(FileId, u32)> = diags
            .iter()
            .filter(|d| d.is_error() && d.code.as_str().starts_with("E01"))
            .map(|d| (d.primary().file, d.primary().start))
            .collect();
        at.sort_unstable();
        SyntaxErrors(at)
    }

    /// Whether a syntax error lies inside `span`.
    fn within(&self, span: Span) -> bool {
        let i = self.0.partition_point(|&e| e < (span.file, span.start));
        self.0
            .get(i)
            .is_some_and(|&(f, at)| f == span.file && at < span.end)
    }
}

/// Lower one project and run its rules. `broken`: a syntax error inside the project, so
/// the parser may have skipped a setting or a group; the rules that report what is missing
/// stay silent rather than blame the author for what the parser could not read.
fn lower_project(
    files: &Files,
    ctx: &ProjectContext,
    p: &ast::Project,
    broken: bool,
    diags: &mut Diagnostics,
) -> Project {
    let mut project = settings::project_settings(ctx, p, diags);
    let framework = project.framework;
    let mut funding_at: Option<Span> = None;
    for item in &p.items {
        match item {
            ast::ProjectItem::Funding(f) => {
                if let Some(first) = funding_at {
                    diags.push(settings::duplicate(f.keyword, first, "funding / 项目资金"));
                    continue;
                }
                funding_at = Some(f.keyword);
                project.funding = funding::lower(ctx, f, diags);
            }
            ast::ProjectItem::Group(g) => {
                hierarchy::lower_level1(files, ctx, framework, g, &mut project, diags);
            }
            _ => {}
        }
    }
    if !broken {
        hierarchy::missing_level1(ctx, &project, p, diags);
        settings::required_fields(ctx, &project, p, diags);
    }
    hierarchy::duplicate_indicators(&project, diags);
    hierarchy::misgrouped_indicators(ctx, &project, diags);
    settings::nature_and_category(p, diags);
    targets::check(ctx, &project, diags);
    if let Some(f) = p.items.iter().find_map(|i| match i {
        ast::ProjectItem::Funding(f) => Some(f),
        _ => None,
    }) {
        funding::one_off_total(&project, f, diags);
    }
    funding::cost_within_annual(&project, diags);
    dates::period_in_filing_year(&project, diags);
    dates::deadlines_in_period(&project, diags);
    project
}

/// Project names must be unique across every input file: the 汇总表 keys on them.
fn duplicate_projects(projects: &[Project], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, Span> = HashMap::with_capacity(projects.len());
    for p in projects {
        match first.get(p.name.as_str()) {
            Some(&earlier) => diags.push(
                Diagnostic::new(
                    Code::DuplicateProject,
                    p.name_span,
                    t!("项目名称 `{}` 重复", "duplicate project name `{}`", &p.name),
                )
                .label(t!("再次出现", "declared again here"))
                .with_label(earlier, t!("第一次出现", "first declared here"))
                .help(t!(
                    "每个项目名称只能出现一次；若是两个不同项目，请改用可区分的名称",
                    "each project name may appear once; if these are different projects, give them distinct names"
                )),
            ),
            None => {
                first.insert(&p.name, p.name_span);
            }
        }
    }
}
