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
use crate::model::{Program, Project};
use crate::source::{FileId, Files, Span};
use crate::syntax::ast;
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
    for (file, ast) in parsed {
        let ctx = settings::file_context(*file, ast, &mut local);
        program_year = program_year.or(ctx.year);
        for item in &ast.items {
            if let ast::Item::Project(p) = item {
                allow::collect_project(p, &mut allows, &mut local);
                projects.push(lower_project(files, &ctx, p, &mut local));
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

fn lower_project(
    files: &Files,
    ctx: &FileContext,
    p: &ast::Project,
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
    hierarchy::missing_level1(&project, p, diags);
    hierarchy::duplicate_indicators(&project, diags);
    settings::required_fields(&project, p, diags);
    settings::nature_and_category(p, diags);
    targets::check(&project, diags);
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
                    t!("项目名称 `{}` 重复", "duplicate project name `{}`", p.name),
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
