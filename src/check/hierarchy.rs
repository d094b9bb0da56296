//! The indicator hierarchy: groups at the level the project's framework gives them,
//! indicators only inside 二级 groups, empty groups, missing 一级 groups, and duplicate
//! indicator names in one group (by hashing, one pass).

use std::collections::HashMap;

use super::ProjectContext;
use crate::diag::{Code, Diagnostic, Diagnostics, Fix};
use crate::hierarchy::{Framework, GroupName};
use crate::model::{GroupWeight, Indicator, Project, Value};
use crate::source::{Files, Span};
use crate::syntax::ast::{self, GroupItem};
use crate::syntax::keywords::{self, Keyword, Kw};
use crate::t;
use crate::units::Dimension;

/// A 一级 group written at the top of a project.
pub fn lower_level1(
    files: &Files,
    ctx: &ProjectContext,
    framework: Framework,
    g: &ast::Group,
    project: &mut Project,
    diags: &mut Diagnostics,
) {
    if let Some(w) = &g.weight {
        project.group_weights.push(GroupWeight {
            level1: g.name,
            level2: None,
            weight: w.value,
        });
    }
    if !framework.is_level1(g.name) {
        diags.push(not_level1(ctx, framework, g));
    }
    if g.items.is_empty() {
        diags.push(empty(g));
    }
    // Children that all belong under one other 一级 group: the fix is renaming this one.
    let misplaced_parent = common_other_parent(framework, g);
    for item in &g.items {
        match item {
            GroupItem::Group(l2) => {
                let right = framework.parent_of(l2.name);
                if framework.is_level1(g.name) && right != Some(g.name) {
                    diags.push(misplaced_level2(
                        ctx,
                        framework,
                        g,
                        l2,
                        right,
                        misplaced_parent,
                    ));
                }
                if let Some(w) = &l2.weight {
                    project.group_weights.push(GroupWeight {
                        level1: g.name,
                        level2: Some(l2.name),
                        weight: w.value,
                    });
                }
                // A misplaced group's indicators are checked where they belong (reported
                // above), so a 社会效益指标 under 产出指标 does not also leave the project
                // "without 效益指标".
                let level1 = match right {
                    Some(r) if framework.is_level1(g.name) => r,
                    _ => g.name,
                };
                lower_level2(files, ctx, level1, l2, &mut project.indicators, diags);
            }
            GroupItem::Indicator(ind) => diags.push(
                Diagnostic::new(
                    Code::MisplacedGroup,
                    ind.name.span,
                    t!(
                        "指标不能直接写在一级指标下",
                        "an indicator cannot stand directly under a level-1 group"
                    ),
                )
                .label(t!(
                    "这个指标缺少二级指标分组",
                    "this indicator has no level-2 group"
                ))
                .help(t!(
                    "把它放进一个二级指标组，例如 `{} {{ {} {{ … }} }}`",
                    "put it inside a level-2 group, e.g. `{} {{ {} {{ … }} }}`",
                    ctx.group(g.name),
                    ctx.group(
                        framework
                            .table()
                            .iter()
                            .find(|(l1, _)| *l1 == g.name)
                            .map_or(GroupName::Quantity, |(_, kids)| kids[0])
                    )
                )),
            ),
            GroupItem::Error(_) => {}
        }
    }
}

/// If every 二级 child of `g` belongs under the same other 一级 group, that group.
fn common_other_parent(framework: Framework, g: &ast::Group) -> Option<GroupName> {
    let mut parent = None;
    for item in &g.items {
        if let GroupItem::Group(l2) = item {
            let p = framework.parent_of(l2.name)?;
            if p == g.name || parent.is_some_and(|q| q != p) {
                return None;
            }
            parent = Some(p);
        }
    }
    parent
}

fn not_level1(ctx: &ProjectContext, framework: Framework, g: &ast::Group) -> Diagnostic {
    let d = Diagnostic::new(
        Code::MisplacedGroup,
        g.name_span,
        t!("{}不是一级指标", "{} is not a level-1 group", g.name),
    );
    if framework.other().is_level1(g.name) {
        let other = framework.other().year();
        let framework_kw = ctx.kw(Kw::Framework);
        return d
            .label(t!(
                "在 {} 指标体系中它不是一级指标",
                "not a level-1 group in framework {}",
                framework.year()))
            .help(t!(
                "成本指标作为一级指标属于 2021 指标体系（财预〔2021〕101号）：在文件或项目开头写 `{} {}`；若沿用 2015 体系，成本指标应放在产出指标下",
                "cost as a level-1 group belongs to framework 2021 (财预〔2021〕101号): write `{} {}` at the top of the file or project; in framework 2015, cost goes under output",
                framework_kw,
                other))
            .fix(Fix::maybe(g.name_span.at_start(), format!("{framework_kw} {other}; ")));
    }
    match framework.parent_of(g.name) {
        Some(parent) => d
            .label(t!("这是二级指标", "this is a level-2 group"))
            .help(t!(
                "二级指标要写在一级指标里：`{} {{ {} {{ … }} }}`",
                "a level-2 group goes inside its level-1 group: `{} {{ {} {{ … }} }}`",
                ctx.group(parent),
                ctx.group(g.name)
            )),
        None => d.help(t!(
            "{} 指标体系的一级指标：{}",
            "the level-1 groups of framework {}: {}",
            framework.year(),
            level1_list(framework)
        )),
    }
}

fn level1_list(framework: Framework) -> Vec<GroupName> {
    framework.table().iter().map(|(l1, _)| *l1).collect()
}

fn misplaced_level2(
    ctx: &ProjectContext,
    framework: Framework,
    parent: &ast::Group,
    l2: &ast::Group,
    right: Option<GroupName>,
    rename_parent_to: Option<GroupName>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::MisplacedGroup,
        l2.name_span,
        t!(
            "{}不能放在{}下",
            "{} does not belong under {}",
            l2.name,
            parent.name
        ),
    )
    .with_label(
        parent.name_span,
        t!("所在的一级指标", "the level-1 group it is in"),
    );
    match right {
        Some(right) => {
            let d = d.label(t!("应属于{}", "belongs under {}", right)).help(t!(
                "把这一组移到 `{} {{ … }}` 中",
                "move this group into `{} {{ … }}`",
                ctx.group(right)
            ));
            match rename_parent_to {
                Some(p) => d.fix(Fix::certain(parent.name_span, ctx.group(p))),
                None => d,
            }
        }
        None if framework.other().parent_of(l2.name).is_some()
            || framework.other().is_level1(l2.name) =>
        {
            let other = framework.other().year();
            d.label(t!(
                "{} 指标体系中没有这个二级指标",
                "framework {} has no such level-2 group here",
                framework.year()))
            .help(t!(
                "它属于 {} 指标体系：写 `{} {}`，或改用本体系的二级指标",
                "it belongs to framework {}: write `{} {}`, or use a level-2 group of this framework",
                other,
                ctx.kw(Kw::Framework),
                other))
        }
        None => d.label(t!(
            "这是一级指标，不能作二级指标",
            "this is a level-1 group, not a level-2 one"
        )),
    }
}

fn empty(g: &ast::Group) -> Diagnostic {
    Diagnostic::new(
        Code::EmptyGroup,
        g.name_span,
        t!("{}是空的", "{} is empty", g.name),
    )
    .label(t!("没有任何指标", "contains no indicators"))
    .help(t!(
        "填写指标，或删除这一空组",
        "add indicators, or delete the empty group"
    ))
}

fn lower_level2(
    files: &Files,
    ctx: &ProjectContext,
    level1: GroupName,
    g: &ast::Group,
    out: &mut Vec<Indicator>,
    diags: &mut Diagnostics,
) {
    if g.items.is_empty() {
        diags.push(empty(g));
    }
    for item in &g.items {
        match item {
            GroupItem::Indicator(ind) => {
                let mut indicator = super::values::lower_indicator(ctx, ind, diags);
                indicator.level1 = level1;
                indicator.level2 = g.name;
                indicator.line = files
                    .get(ind.name.span.file)
                    .line_col(ind.name.span.start as usize)
                    .0;
                out.push(indicator);
            }
            GroupItem::Group(deeper) => diags.push(
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
            GroupItem::Error(_) => {}
        }
    }
}

/// Every project should have indicators under each 一级 group of its framework.
pub fn missing_level1(
    ctx: &ProjectContext,
    project: &Project,
    p: &ast::Project,
    diags: &mut Diagnostics,
) {
    for (l1, _) in project.framework.table() {
        if !project.indicators.iter().any(|i| i.level1 == *l1) {
            diags.push(
                Diagnostic::new(
                    Code::MissingLevel1,
                    p.name.span,
                    t!("项目没有{}", "the project has no {}", *l1),
                )
                .label(t!(
                    "缺少{}",
                    "no {}",
                    crate::diag::Arg::Words(l1.form_name(), l1.as_str())
                ))
                .help(t!(
                    "绩效目标应覆盖 {} 指标体系的各一级指标；补上 `{} {{ … }}`",
                    "performance targets should cover every level-1 group of framework {}; add `{} {{ … }}`",
                    project.framework.year(),
                    ctx.group(*l1))),
            );
        }
    }
}

/// An indicator whose value or name says it belongs in another group: a deadline outside
/// 时效指标, a satisfaction measure outside 满意度指标, a cost in money outside 成本指标.
/// Filed in the wrong group, it is counted and scored as the wrong kind of target.
pub fn misgrouped_indicators(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    use GroupName::*;
    let framework = project.framework;
    let cost_home = match framework {
        Framework::F2015 => (Output, Cost),
        Framework::F2021 => (Cost, EconomicCost),
    };
    for ind in &project.indicators {
        let in_cost = ind.level1 == Cost
            || matches!(
                ind.level2,
                Cost | EconomicCost | SocialCost | EnvironmentalCost
            );
        let name = super::targets::core_name(&ind.name);
        let (home, zh, en) = match &ind.value {
            Value::Deadline { .. } if ind.level2 != Timeliness && ind.level1 != Satisfaction => {
                ((Output, Timeliness), "完成时限", "a deadline")
            }
            _ if (name.ends_with("满意度") || name.ends_with("满意率"))
                && ind.level1 != Satisfaction =>
            {
                ((Satisfaction, Beneficiary), "满意度", "satisfaction")
            }
            Value::Quantitative {
                dimension: Some(dim),
                ..
            } if (*dim == Dimension::MONEY || dim.is_per(Dimension::MONEY))
                && !in_cost
                && ind.level2 != Economic =>
            {
                (cost_home, "以金额计的成本", "a cost in money")
            }
            _ => continue,
        };
        let (l1, l2) = home;
        let lang = ctx.keyword_lang;
        let path = format!(
            "{} {{ {} {{ … }} }}",
            keywords::spelling(Keyword::Group(l1), lang),
            keywords::spelling(Keyword::Group(l2), lang)
        );
        diags.push(
            Diagnostic::new(
                Code::MisgroupedIndicator,
                ind.name_span,
                t!(
                    "`{}` 是{}，却放在了{}中",
                    "`{}` is {}, but it stands under {}",
                    &ind.name,
                    crate::diag::Arg::Words(zh, en),
                    ind.level2
                ),
            )
            .label(t!("应属于{}", "belongs under {}", l2))
            .help(t!(
                "把这一行移到 `{}` 中，汇总和评分才会把它算作{}",
                "move this line into `{}`, so that it is summarised and scored as {}",
                path,
                l2
            )),
        );
    }
}

/// Two indicators with one name in the same 二级 group.
pub fn duplicate_indicators(project: &Project, diags: &mut Diagnostics) {
    let mut first: HashMap<(GroupName, GroupName, &str), Span> =
        HashMap::with_capacity(project.indicators.len());
    for ind in &project.indicators {
        let key = (ind.level1, ind.level2, ind.name.as_str());
        match first.get(&key) {
            Some(&earlier) => diags.push(
                Diagnostic::new(
                    Code::DuplicateIndicator,
                    ind.span,
                    t!(
                        "{0}中指标 `{1}` 重复",
                        "duplicate indicator `{1}` in {0}",
                        ind.level2,
                        &ind.name
                    ),
                )
                .label(t!("再次出现", "repeated here"))
                .with_label(earlier, t!("第一次出现", "first here"))
                .help(t!(
                    "删除重复的一行；若是两个不同的指标，请用能区分的名称",
                    "delete the repeated line; if these are two indicators, give them distinct names"
                )),
            ),
            None => {
                first.insert(key, ind.span);
            }
        }
    }
}
