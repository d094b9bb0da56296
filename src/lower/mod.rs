//! Lowering: each item the parser completes becomes model — file settings update the file's
//! context, unit declarations its registry, and a project is lowered (its units resolved,
//! its dates made calendar dates, its amounts converted to 分), then checked by the rules
//! (`check`), its `@allow`s applied, and kept or dropped. Nothing here judges whether a
//! filing is good; lowering reports only what keeps a piece of text from becoming model (an
//! unknown unit, a date that is no date, an amount that is no amount, a setting given twice).
//!
//! Lowering needs the file's settings when a project arrives. They are nearly always
//! written first; when one comes after a project it applies to, the file is read again with
//! the settings known from the start (`Sink::read_again`).

mod funding;
mod indicator;

pub(crate) use funding::overflow as funding_overflow;

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use crate::check;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::hierarchy::{Framework, GroupName};
use crate::model::{Category, FileModel, Group, Nature, Project, Spanned};
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, NumLit};
use crate::syntax::keywords::{self, Keyword, Kw, KwLang};
use crate::syntax::{Sink, SyntaxLog};
use crate::t;
use crate::units::Registry;

/// What a file's top-level settings give its projects.
#[derive(Clone)]
pub struct FileContext<'s> {
    pub file: FileId,
    pub src: &'s str,
    pub year: Option<i32>,
    pub department: Option<Cow<'s, str>>,
    pub implementer: Option<Cow<'s, str>>,
    pub framework: Framework,
    pub units: Registry,
}

/// What one project is lowered and checked in: its file's context, and the language its own
/// keywords are written in (a file may mix them; help and fix-its follow the project's).
pub struct ProjectContext<'a, 's> {
    pub file: &'a FileContext<'s>,
    pub keyword_lang: KwLang,
}

impl<'s> std::ops::Deref for ProjectContext<'_, 's> {
    type Target = FileContext<'s>;
    fn deref(&self) -> &FileContext<'s> {
        self.file
    }
}

impl ProjectContext<'_, '_> {
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

/// What becomes of a project once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Keep the model (building outputs, editors).
    Projects,
    /// Keep only each project's name and span (checking: memory stays near the input).
    Names,
}

/// The sink that lowers and checks one file as it is read.
pub struct FileLowerer<'s> {
    fresh: FileContext<'s>,
    ctx: FileContext<'s>,
    seen: Seen,
    keep: Keep,
    pub model: FileModel<'s>,
    pub diags: Diagnostics,
    projects_read: usize,
    /// A setting or unit came after a project it applies to.
    late: bool,
    /// The context the file is read again with.
    seed: Option<FileContext<'s>>,
}

impl<'s> FileLowerer<'s> {
    pub fn new(file: FileId, src: &'s str, keep: Keep) -> FileLowerer<'s> {
        let fresh = FileContext {
            file,
            src,
            year: None,
            department: None,
            implementer: None,
            framework: Framework::F2015,
            units: Registry::for_file(),
        };
        FileLowerer {
            ctx: fresh.clone(),
            fresh,
            seen: Seen::default(),
            keep,
            model: FileModel::default(),
            diags: Vec::new(),
            projects_read: 0,
            late: false,
            seed: None,
        }
    }

    fn note_late(&mut self) {
        if self.projects_read > 0 && self.seed.is_none() {
            self.late = true;
        }
    }
}

impl<'s> Sink<'s> for FileLowerer<'s> {
    fn setting(&mut self, setting: ast::Setting<'s>) {
        self.note_late();
        let lang = |at: Span| keywords::lang_at(self.ctx.src, at.start as usize, KwLang::Zh);
        match setting {
            ast::Setting::Year(k, n) => {
                if self.seen.first("year / 年度", k, &mut self.diags) {
                    let kw = keywords::spelling(Keyword::Kw(Kw::Year), lang(k));
                    self.ctx.year = year(&n, kw, &mut self.diags);
                    self.model.year = self.ctx.year;
                }
            }
            ast::Setting::Department(k, s) => {
                if self.seen.first("department / 主管部门", k, &mut self.diags) {
                    self.ctx.department = Some(s.value);
                }
            }
            ast::Setting::Implementer(k, s) => {
                if self
                    .seen
                    .first("implementer / 实施单位", k, &mut self.diags)
                {
                    self.ctx.implementer = Some(s.value);
                }
            }
            ast::Setting::Framework(k, n) => {
                if self.seen.first("framework / 指标体系", k, &mut self.diags) {
                    let kw = keywords::spelling(Keyword::Kw(Kw::Framework), lang(k));
                    if let Some(f) = framework(&n, kw, &mut self.diags) {
                        self.ctx.framework = f;
                    }
                }
            }
        }
    }

    fn unit(&mut self, unit: Box<ast::UnitDecl<'s>>) {
        self.note_late();
        let (name, span) = match &*unit {
            ast::UnitDecl::Alias { name, span, .. }
            | ast::UnitDecl::Dimension { name, span, .. } => (*name, *span),
        };
        let lang = keywords::lang_at(self.ctx.src, span.start as usize, KwLang::Zh);
        self.ctx.units.declare(&unit, lang, &mut self.diags);
        self.model.units.push(Spanned {
            value: Cow::Borrowed(name.0),
            span: name.1,
        });
    }

    fn project(&mut self, p: Box<ast::Project<'s>>, log: &SyntaxLog<'s>) {
        self.projects_read += 1;
        let broken = log.error_within(p.span);
        let pctx = ProjectContext {
            file: &self.ctx,
            keyword_lang: keywords::lang_at(self.ctx.src, p.span.start as usize, KwLang::Zh),
        };
        let first = self.diags.len();
        let mut allows = Vec::new();
        check::allow::collect(&p, &mut allows, &mut self.diags);
        let project = lower_project(&pctx, &p, broken, log, &mut self.diags);
        drop(p);
        check::run(&pctx, &project, &mut self.diags);
        check::allow::apply(&allows, first, &mut self.diags);
        self.model
            .names
            .push((project.name.clone(), project.name_span));
        if self.keep == Keep::Projects {
            self.model.projects.push(project);
        }
    }

    fn read_again(&mut self) -> bool {
        if !self.late {
            return false;
        }
        self.late = false;
        self.seed = Some(self.ctx.clone());
        self.restart();
        true
    }

    fn restart(&mut self) {
        self.ctx = self.seed.clone().unwrap_or_else(|| self.fresh.clone());
        self.seen = Seen::default();
        self.model = FileModel {
            year: self.ctx.year,
            ..FileModel::default()
        };
        self.diags.clear();
        self.projects_read = 0;
        self.late = false;
    }
}

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
#[derive(Default, Clone)]
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

/// A filing year: a whole number in a plausible range. `keyword` is how the file spells
/// `year`, for the help.
fn year(n: &NumLit, keyword: &str, diags: &mut Diagnostics) -> Option<i32> {
    let ok = n.value.fract().is_zero() && n.value >= 1949.into() && n.value <= 2100.into();
    if ok {
        i32::try_from(n.value.mantissa() / 10i128.pow(n.value.scale())).ok()
    } else {
        diags.push(
            Diagnostic::new(
                Code::InvalidYear,
                n.span,
                t!("`{}` 不是有效的年度", "`{}` is not a valid year", n.value),
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
                t!("未知的指标体系 `{}`", "unknown indicator framework `{}`", n.value),
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

/// One project's tree → model: its settings (with the file's defaults), its funding, its
/// groups and indicators.
fn lower_project<'s>(
    ctx: &ProjectContext<'_, 's>,
    p: &ast::Project<'s>,
    broken: bool,
    log: &SyntaxLog<'s>,
    diags: &mut Diagnostics,
) -> Project<'s> {
    let mut project = Project {
        name: p.name.value.clone(),
        name_span: p.name.span,
        span: p.span,
        file: ctx.file.file,
        keyword_lang: ctx.keyword_lang,
        nature: None,
        category: None,
        department: ctx.department.clone(),
        implementer: ctx.implementer.clone(),
        year: ctx.year,
        framework: ctx.framework,
        start: None,
        end: None,
        start_written: false,
        end_written: false,
        fields: Vec::new(),
        funding_block: None,
        funding: Default::default(),
        goal: None,
        overall_goal: None,
        achieved: None,
        groups: Vec::new(),
        indicators: Vec::new(),
        broken,
    };
    let mut seen = Seen::default();
    let mut field_spans: HashMap<&str, Span> = HashMap::default();
    // The framework may be written after the groups it classifies: settings first.
    for item in &p.items {
        use ast::ProjectItem as I;
        match item {
            I::Nature(k, s) if seen.first("nature / 项目性质", *k, diags) => {
                project.nature = Some(Spanned {
                    value: Nature::parse(s.value.clone()),
                    span: s.span,
                });
            }
            I::Category(k, s) if seen.first("category / 项目类别", *k, diags) => {
                project.category = Some(Spanned {
                    value: Category::parse(s.value.clone()),
                    span: s.span,
                });
            }
            I::Department(k, s) if seen.first("department / 主管部门", *k, diags) => {
                project.department = Some(s.value.clone());
            }
            I::Implementer(k, s) if seen.first("implementer / 实施单位", *k, diags) => {
                project.implementer = Some(s.value.clone());
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
                project.start = date(a, false, diags);
                project.end = date(b, true, diags);
                project.start_written = true;
                project.end_written = true;
            }
            I::Start(k, d) if seen.first("start / 计划开始日期", *k, diags) => {
                project.start = date(d, false, diags);
                project.start_written = true;
            }
            I::End(k, d) if seen.first("end / 计划完成日期", *k, diags) => {
                project.end = date(d, true, diags);
                project.end_written = true;
            }
            I::Field(f) => {
                let (_, name, value) = &**f;
                if let Some(first) = field_spans.get(name.value.as_ref()) {
                    diags.push(duplicate(
                        name.span,
                        *first,
                        &format!("field \"{}\"", name.value),
                    ));
                } else {
                    field_spans.insert(&name.value, name.span);
                    project
                        .fields
                        .push((name.value.clone(), value.value.clone()));
                }
            }
            I::Goal(k, s) if seen.first("goal / 年度总体目标", *k, diags) => {
                project.goal = Some(Spanned {
                    value: s.value.clone(),
                    span: s.span,
                });
            }
            I::OverallGoal(k, s) if seen.first("overall-goal / 项目总目标", *k, diags) => {
                project.overall_goal = Some(Spanned {
                    value: s.value.clone(),
                    span: s.span,
                });
            }
            I::Achieved(k, s) if seen.first("achieved / 实际完成情况", *k, diags) => {
                project.achieved = Some(Spanned {
                    value: s.value.clone(),
                    span: s.span,
                });
            }
            _ => {}
        }
    }
    for item in &p.items {
        match item {
            ast::ProjectItem::Funding(f) => match &project.funding_block {
                Some(first) => {
                    diags.push(duplicate(f.keyword, first.keyword, "funding / 项目资金"))
                }
                None => {
                    let (block, table) = funding::lower(ctx, f, log, diags);
                    project.funding_block = Some(block);
                    project.funding = table;
                }
            },
            ast::ProjectItem::Group(g) => {
                lower_level1(ctx, project.framework, g, &mut project, diags)
            }
            _ => {}
        }
    }
    project
}

/// A date literal as the first (`last == false`) or last day it names, reporting one that
/// names no calendar day.
fn date(
    d: &ast::DateLit,
    last: bool,
    diags: &mut Diagnostics,
) -> Option<Spanned<crate::model::Date>> {
    check::dates::resolve_reported(d, last, diags).map(|value| Spanned {
        value,
        span: d.span,
    })
}

/// A 一级 group and what is in it. Its 二级 groups are kept with the 一级 group they
/// belong under (for a misplaced one, the right one: the rules report the misplacement, and
/// its indicators are checked where they belong).
fn lower_level1<'s>(
    ctx: &ProjectContext<'_, 's>,
    framework: Framework,
    g: &ast::Group<'s>,
    project: &mut Project<'s>,
    diags: &mut Diagnostics,
) {
    let index = project.groups.len() as u16;
    project.groups.push(Group {
        name: g.name,
        name_span: g.name_span,
        span: g.span,
        parent: None,
        level1: g.name,
        weight: g.weight.map(|w| Spanned {
            value: w.value,
            span: w.span,
        }),
        empty: g.items.is_empty(),
    });
    // A 二级 group holding indicators where a 一级 one should stand (its 一级 line lost, or
    // never written): the rules report the group once; its indicators are its own, not indicators "directly
    // under a 一级 group", and are checked as under the 一级 group it belongs to.
    let holds_groups = g
        .items
        .iter()
        .any(|i| matches!(i, ast::GroupItem::Group(_)));
    if !framework.is_level1(g.name) && !holds_groups {
        if let Some(right) = framework.parent_of(g.name) {
            project.groups[index as usize].level1 = right;
            lower_level2(ctx, right, index, g, project, diags);
            return;
        }
    }
    let mut direct: Vec<Span> = Vec::new();
    for item in &g.items {
        match item {
            ast::GroupItem::Group(l2) => {
                let level1 = match framework.parent_of(l2.name) {
                    Some(right) if framework.is_level1(g.name) => right,
                    _ => g.name,
                };
                let l2_index = project.groups.len() as u16;
                project.groups.push(Group {
                    name: l2.name,
                    name_span: l2.name_span,
                    span: l2.span,
                    parent: Some(index),
                    level1,
                    weight: l2.weight.map(|w| Spanned {
                        value: w.value,
                        span: w.span,
                    }),
                    empty: l2.items.is_empty(),
                });
                lower_level2(ctx, level1, l2_index, l2, project, diags);
            }
            ast::GroupItem::Indicator(ind) => direct.push(ind.name.span),
            ast::GroupItem::Error(_) => {}
        }
    }
    // Indicators directly under a 一级 group: reported once for the run (its 二级 line was
    // most likely lost), not once per indicator.
    if let (Some(&first), Some(&last)) = (direct.first(), direct.last()) {
        let example = framework
            .table()
            .iter()
            .find(|(l1, _)| *l1 == g.name)
            .map_or(GroupName::Quantity, |(_, kids)| kids[0]);
        let mut d = if direct.len() == 1 {
            Diagnostic::new(
                Code::MisplacedGroup,
                first,
                t!(
                    "指标不能直接写在一级指标下",
                    "an indicator cannot stand directly under a level-1 group"
                ),
            )
            .label(t!(
                "这个指标缺少二级指标分组",
                "this indicator has no level-2 group"
            ))
        } else {
            Diagnostic::new(
                Code::MisplacedGroup,
                first,
                t!(
                    "{} 个指标直接写在了一级指标 {} 下",
                    "{} indicators stand directly under the level-1 group {}",
                    direct.len(),
                    g.name
                ),
            )
            .label(t!(
                "从这里开始的指标缺少二级指标分组",
                "the indicators from here have no level-2 group"
            ))
            .with_label(last, t!("到这里为止", "up to here"))
        };
        d = d.help(t!(
            "把它们放进一个二级指标组，例如 `{} {{ {} {{ … }} }}`；是否删掉了二级指标那一行？",
            "put them inside a level-2 group, e.g. `{} {{ {} {{ … }} }}`; was the level-2 line deleted?",
            ctx.group(g.name),
            ctx.group(example)
        ));
        diags.push(d);
    }
}

fn lower_level2<'s>(
    ctx: &ProjectContext<'_, 's>,
    level1: GroupName,
    index: u16,
    g: &ast::Group<'s>,
    project: &mut Project<'s>,
    diags: &mut Diagnostics,
) {
    for item in &g.items {
        match item {
            ast::GroupItem::Indicator(ind) => {
                let indicator = indicator::lower(ctx, level1, g.name, index, ind, diags);
                project.indicators.push(indicator);
            }
            ast::GroupItem::Group(deeper) => diags.push(
                Diagnostic::new(
                    Code::MisplacedGroup,
                    deeper.name_span,
                    t!(
                        "二级指标下不能再分组",
                        "a level-2 group cannot contain groups"
                    ),
                )
                .label(t!(
                    "三级指标应是带引号的指标名称和指标值",
                    "level 3 is an indicator: a quoted name and its value"
                ))
                .help(t!(
                    "写成 \"指标名称\" >= 90 % 这样的指标行",
                    "write indicator lines such as \"指标名称\" >= 90 %"
                )),
            ),
            ast::GroupItem::Error(_) => {}
        }
    }
}
