//! Settings: file-level defaults (year, department, implementer, framework, units), the
//! per-project settings, duplicates among them, and the required fields of the form.

use std::collections::HashMap;

use super::{FileContext, ProjectContext};
use crate::diag::{Arg, Code, Diagnostic, Diagnostics, Fix, Sep};
use crate::hierarchy::Framework;
use crate::model::Project;
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, NumLit};
use crate::syntax::keywords::{self, Keyword, Kw};
use crate::t;
use crate::units::Registry;

/// A setting given a second time.
pub fn duplicate(at: Span, first: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateSetting,
        at,
        t!("`{}` 重复填写", "`{}` is given twice", what),
    )
    .label(t!("第二次", "given again here"))
    .with_label(first, t!("第一次", "first given here"))
    .help(t!(
        "只保留一处，删除另一处",
        "keep one and delete the other"
    ))
}

/// Remembers where each setting was first given, to report repeats.
#[derive(Default)]
struct Seen(HashMap<&'static str, Span>);

impl Seen {
    /// `true` the first time; reports and returns `false` after.
    fn first(&mut self, key: &'static str, at: Span, diags: &mut Diagnostics) -> bool {
        match self.0.get(key) {
            Some(&first) => {
                diags.push(duplicate(at, first, key));
                false
            }
            None => {
                self.0.insert(key, at);
                true
            }
        }
    }
}

pub fn file_context(file: FileId, ast: &ast::File, diags: &mut Diagnostics) -> FileContext {
    let mut ctx = FileContext {
        file,
        year: None,
        department: None,
        implementer: None,
        framework: Framework::F2015,
        units: Registry::prelude().clone(),
        keyword_lang: ast.keyword_lang,
    };
    let mut seen = Seen::default();
    for item in &ast.items {
        match item {
            ast::Item::Year(k, n) => {
                if seen.first("year / 年度", *k, diags) {
                    let keyword = keywords::spelling(Keyword::Kw(Kw::Year), ctx.keyword_lang);
                    ctx.year = year(n, keyword, diags);
                }
            }
            ast::Item::Department(k, s) => {
                if seen.first("department / 主管部门", *k, diags) {
                    ctx.department = Some(s.value.to_string());
                }
            }
            ast::Item::Implementer(k, s) => {
                if seen.first("implementer / 实施单位", *k, diags) {
                    ctx.implementer = Some(s.value.to_string());
                }
            }
            ast::Item::Framework(k, n) => {
                if seen.first("framework / 指标体系", *k, diags) {
                    let keyword = keywords::spelling(Keyword::Kw(Kw::Framework), ctx.keyword_lang);
                    if let Some(f) = framework(n, keyword, diags) {
                        ctx.framework = f;
                    }
                }
            }
            ast::Item::UnitAlias { .. } | ast::Item::UnitDimension { .. } => {
                ctx.units.declare(item, ctx.keyword_lang, diags);
            }
            ast::Item::Project(_) | ast::Item::Error(_) => {}
        }
    }
    ctx
}

/// A filing year: a whole number in a plausible range.
/// A filing year; `keyword` is how the file spells `year`, for the help.
fn year(n: &NumLit, keyword: &str, diags: &mut Diagnostics) -> Option<i32> {
    let ok = n.value.fract().is_zero() && n.value >= 1949.into() && n.value <= 2100.into();
    if ok {
        i32::try_from(n.value.mantissa() / 10i128.pow(n.value.scale())).ok()
    } else {
        diags.push(
            Diagnostic::new(
                Code::InvalidYear,
                n.span,
                t!("`{}` 不是有效的年度", "`{}` is not a valid year", n.text),
            )
            .label(t!(
                "年度应为 1949 至 2100 之间的整数",
                "a year is a whole number from 1949 to 2100"
            ))
            .help(t!("例如：{} 2024", "for example: {} 2024", keyword)),
        );
        None
    }
}

/// A framework year; `keyword` is how the file spells `framework`, for the help.
fn framework(n: &NumLit, keyword: &str, diags: &mut Diagnostics) -> Option<Framework> {
    let f = n
        .value
        .fract()
        .is_zero()
        .then(|| u32::try_from(n.value.mantissa()).ok())
        .flatten()
        .filter(|_| n.value.scale() == 0)
        .and_then(Framework::from_year);
    if f.is_none() {
        diags.push(
            Diagnostic::new(
                Code::UnknownFramework,
                n.span,
                t!("未知的指标体系 `{}`", "unknown indicator framework `{}`", n.text),
            )
            .label(t!("只支持 2015 和 2021", "only 2015 and 2021 are known"))
            .help(t!(
                "写 `{0} 2015`（默认：产出/效益/满意度）或 `{0} 2021`（财预〔2021〕101号：增设成本指标）",
                "write `{0} 2015` (the default: output/benefit/satisfaction) or `{0} 2021` (财预〔2021〕101号, with cost as a level-1 group)",
                keyword
            )),
        );
    }
    f
}

/// Settings of one project, with file-level defaults filled in.
pub fn project_settings(
    ctx: &ProjectContext,
    p: &ast::Project,
    diags: &mut Diagnostics,
) -> Project {
    let mut project = Project {
        name: p.name.value.to_string(),
        nature: None,
        category: None,
        department: ctx.department.clone(),
        implementer: ctx.implementer.clone(),
        year: ctx.year,
        start: None,
        end: None,
        period_span: None,
        framework: ctx.framework,
        fields: Vec::new(),
        funding: Default::default(),
        goal: None,
        overall_goal: None,
        indicators: Vec::new(),
        group_weights: Vec::new(),
        file: ctx.file,
        span: p.span,
        name_span: p.name.span,
    };
    let mut seen = Seen::default();
    let mut field_spans: HashMap<String, Span> = HashMap::new();
    let mut start_span = None;
    let mut end_span = None;
    for item in &p.items {
        use ast::ProjectItem as I;
        match item {
            I::Nature(k, s) if seen.first("nature / 项目性质", *k, diags) => {
                project.nature = Some(s.value.to_string())
            }
            I::Category(k, s) if seen.first("category / 项目类别", *k, diags) => {
                project.category = Some(s.value.to_string())
            }
            I::Department(k, s) if seen.first("department / 主管部门", *k, diags) => {
                project.department = Some(s.value.to_string())
            }
            I::Implementer(k, s) if seen.first("implementer / 实施单位", *k, diags) => {
                project.implementer = Some(s.value.to_string())
            }
            I::Framework(k, n) if seen.first("framework / 指标体系", *k, diags) => {
                if let Some(f) = framework(n, ctx.kw(Kw::Framework), diags) {
                    project.framework = f;
                }
            }
            // `&`, not `&&`: both halves of the period are recorded, so a later `start` or
            // `end` is reported as a repeat.
            I::Period(k, a, b)
                if seen.first("start / 计划开始日期", *k, diags)
                    & seen.first("end / 计划完成日期", *k, diags) =>
            {
                project.start = super::dates::resolve_reported(a, false, diags);
                project.end = super::dates::resolve_reported(b, true, diags);
                start_span = Some(a.span);
                end_span = Some(b.span);
            }
            I::Start(k, d) if seen.first("start / 计划开始日期", *k, diags) => {
                project.start = super::dates::resolve_reported(d, false, diags);
                start_span = Some(d.span);
            }
            I::End(k, d) if seen.first("end / 计划完成日期", *k, diags) => {
                project.end = super::dates::resolve_reported(d, true, diags);
                end_span = Some(d.span);
            }
            I::Field(_, name, value) => {
                if let Some(first) = field_spans.get(name.value.as_ref()) {
                    diags.push(duplicate(
                        name.span,
                        *first,
                        &format!("field \"{}\"", name.value),
                    ));
                } else {
                    field_spans.insert(name.value.to_string(), name.span);
                    project
                        .fields
                        .push((name.value.to_string(), value.value.to_string()));
                }
            }
            I::Goal(k, s) if seen.first("goal / 年度总体目标", *k, diags) => {
                project.goal = Some(s.value.to_string())
            }
            I::OverallGoal(k, s) if seen.first("overall-goal / 项目总目标", *k, diags) => {
                project.overall_goal = Some(s.value.to_string())
            }
            _ => {}
        }
    }
    project.period_span = match (start_span, end_span) {
        (Some(s), Some(e)) => Some(s.to(e)),
        (s, e) => s.or(e),
    };
    if let (Some(s), Some(e), Some(ss), Some(es)) =
        (project.start, project.end, start_span, end_span)
    {
        super::dates::start_after_end(s, e, ss, es, diags);
    }
    project
}

/// The form's required fields: 主管部门, 实施单位, 计划开始/完成日期, 资金, 年度总体目标, and a
/// non-empty name. File-level `department` / `implementer` count.
pub fn required_fields(
    ctx: &ProjectContext,
    project: &Project,
    p: &ast::Project,
    diags: &mut Diagnostics,
) {
    use crate::syntax::ast::FundKey;
    let at = p.name.span;
    // Each missing field with the line that supplies it, in the file's keyword language.
    let mut missing: Vec<(&str, &str, String)> = Vec::new();
    if project.name.trim().is_empty() {
        missing.push((
            "项目名称",
            "project name",
            format!("{} \"城管执法教育培训\" {{ … }}", ctx.kw(Kw::Project)),
        ));
    }
    if project.department.is_none() {
        missing.push((
            "主管部门",
            "department",
            format!(
                "{} \"上海市住房和城乡建设管理委员会\"",
                ctx.kw(Kw::Department)
            ),
        ));
    }
    if project.implementer.is_none() {
        missing.push((
            "实施单位",
            "implementer",
            format!("{} \"上海市城市管理行政执法局\"", ctx.kw(Kw::Implementer)),
        ));
    }
    let (no_start, no_end) = (
        project.start.is_none() && !has_date(p, true),
        project.end.is_none() && !has_date(p, false),
    );
    match (no_start, no_end) {
        (true, true) => missing.push((
            "实施周期",
            "period",
            format!("{} 2024-01-01 .. 2024-12-31", ctx.kw(Kw::Period)),
        )),
        (true, false) => missing.push((
            "计划开始日期",
            "start date",
            format!("{} 2024-01-01", ctx.kw(Kw::Start)),
        )),
        (false, true) => missing.push((
            "计划完成日期",
            "end date",
            format!("{} 2024-12-31", ctx.kw(Kw::End)),
        )),
        (false, false) => {}
    }
    let has_funding = p
        .items
        .iter()
        .any(|i| matches!(i, ast::ProjectItem::Funding(_)));
    let annual = format!("{} 100,000.00 元", ctx.fund(FundKey::Annual));
    if !has_funding {
        missing.push((
            "项目资金",
            "funding",
            format!(
                "{} {{ {annual} {{ {} 100,000.00 元 }} }}",
                ctx.kw(Kw::Funding),
                ctx.fund(FundKey::Appropriation)
            ),
        ));
    } else if project.funding.annual.is_none() && !funding_has_errors(p, diags) {
        missing.push(("年度资金申请总额", "annual amount", annual));
    }
    if project.goal.is_none() {
        missing.push((
            "年度总体目标",
            "goal",
            format!("{} \"……\"", ctx.kw(Kw::Goal)),
        ));
    }
    if missing.is_empty() {
        return;
    }
    let fields = Arg::list(Sep::Comma, missing.iter().map(|m| Arg::Words(m.0, m.1)));
    let lines = Arg::list(Sep::Semicolon, missing.into_iter().map(|m| m.2));
    diags.push(
        Diagnostic::new(
            Code::MissingField,
            at,
            t!("项目缺少{}", "the project lacks its {}", fields),
        )
        .label(t!("此项目未填写这些栏目", "these fields are not filled in for this project"))
        .help(t!(
            "在项目中补写：{}（主管部门、实施单位也可写在文件开头，作为全文件的默认值）",
            "add to the project: {} (department and implementer may also be given once at the top of the file)",
            lines
        )),
    );
}

/// A date was written (even if invalid, which is reported on its own).
fn has_date(p: &ast::Project, start: bool) -> bool {
    p.items.iter().any(|i| match i {
        ast::ProjectItem::Period(..) => true,
        ast::ProjectItem::Start(..) => start,
        ast::ProjectItem::End(..) => !start,
        _ => false,
    })
}

/// Whether an error was already reported inside the funding block, so a missing annual
/// amount (which that error explains) is not reported again.
fn funding_has_errors(p: &ast::Project, diags: &Diagnostics) -> bool {
    p.items.iter().any(|i| match i {
        ast::ProjectItem::Funding(f) => diags.iter().any(|d| {
            let s = d.primary();
            d.is_error() && s.file == f.span.file && f.span.start <= s.start && s.end <= f.span.end
        }),
        _ => false,
    })
}

/// The official 项目性质 values (Shanghai adds 其他一次性项目).
pub const NATURES: &[&str] = &["一次性项目", "经常性项目", "阶段性项目", "其他一次性项目"];
/// The official 项目类别 values: 人员类, 运转类 (with its two kinds), 特定目标类.
pub const CATEGORIES: &[&str] = &["人员类", "运转类", "公用经费", "其他运转类", "特定目标类"];

/// 项目性质 and 项目类别 take one of the official values.
pub fn nature_and_category(p: &ast::Project, diags: &mut Diagnostics) {
    for item in &p.items {
        let (value, official, zh, en, lint) = match item {
            ast::ProjectItem::Nature(_, s) => {
                (s, NATURES, "项目性质", "nature", Code::UnknownNature)
            }
            ast::ProjectItem::Category(_, s) => {
                (s, CATEGORIES, "项目类别", "category", Code::UnknownCategory)
            }
            _ => continue,
        };
        let v = value.value.trim();
        if official.contains(&v) {
            continue;
        }
        // The official value nearest to what was written, if one is clearly nearest: one
        // slip away (`特定目标`), or containing it (`一次性` → `一次性项目`, nearer than
        // `其他一次性项目`). Anything else (`专项类`) could mean several, so the help lists
        // them all and no value is picked for the author.
        let mut near: Vec<(usize, &str)> = official
            .iter()
            .copied()
            .map(|o| (strsim::levenshtein(v, o), o))
            .filter(|&(d, o)| {
                d <= 1 || (v.chars().count() >= 2 && (o.contains(v) || v.contains(o)))
            })
            .collect();
        near.sort();
        let near = match near[..] {
            [(_, one)] => Some(one),
            [(a, one), (b, _), ..] if a < b => Some(one),
            _ => None,
        };
        let what = Arg::Words(zh, en);
        let d = Diagnostic::new(
            lint,
            value.span,
            t!("未知的{} \"{}\"", "unknown {} \"{}\"", what.clone(), v),
        )
        .label(t!("不是规定的取值", "not one of the official values"))
        .help(t!(
            "{}应为：{}",
            "the {} is one of: {}",
            what,
            official.to_vec()
        ));
        diags.push(match near {
            Some(n) => d.fix(Fix::maybe(value.span, format!("\"{n}\""))),
            None => d,
        });
    }
}
