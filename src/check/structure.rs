//! The form's structure: the fields it requires, the 项目性质 / 项目类别 it allows, the
//! indicator hierarchy of the project's framework (groups at their level, none empty, every
//! 一级 group present, indicators in the group their meaning says), and indicator names
//! unique in a group.

use crate::diag::{Arg, Code, Diagnostic, Diagnostics, Fix, Sep};
use crate::hierarchy::{Framework, GroupName};
use crate::lower::ProjectContext;
use crate::model::{Category, Group, Nature, Project, Value};
use crate::source::Span;
use crate::syntax::ast::FundKey;
use crate::syntax::keywords::Kw;
use crate::t;
use crate::units::Dimension;

/// The form's required fields: 主管部门, 实施单位, 计划开始/完成日期, 资金, 年度总体目标, and a
/// non-empty name. File-level `department` / `implementer` count.
pub fn required_fields(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    // Each missing field with the line that supplies it, in the project's keyword language.
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
    match (!project.start_written, !project.end_written) {
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
    let annual = format!("{} 100,000.00 元", ctx.fund(FundKey::Annual));
    match &project.funding_block {
        None => missing.push((
            "项目资金",
            "funding",
            format!(
                "{} {{ {annual} {{ {} 100,000.00 元 }} }}",
                ctx.kw(Kw::Funding),
                ctx.fund(FundKey::Appropriation)
            ),
        )),
        // A funding block whose amounts could not be read has said what is wrong already.
        Some(block) if project.funding.annual.is_none() && !unreadable(&block.amounts) => {
            missing.push(("年度资金申请总额", "annual amount", annual))
        }
        Some(_) => {}
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
            project.name_span,
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

/// Whether an amount in the block was reported as unreadable (misplaced, or no amount).
fn unreadable(amounts: &[crate::model::Amount]) -> bool {
    amounts
        .iter()
        .any(|a| a.invalid || a.misplaced || unreadable(&a.children))
}

/// 项目性质 and 项目类别 take one of the official values.
pub fn nature_and_category(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    let nature = project.nature.as_ref().and_then(|n| match &n.value {
        Nature::Unknown(v) => Some((
            v,
            n.span,
            Nature::OFFICIAL,
            "项目性质",
            "nature",
            Code::UnknownNature,
        )),
        _ => None,
    });
    let category = project.category.as_ref().and_then(|c| match &c.value {
        Category::Unknown(v) => Some((
            v,
            c.span,
            Category::OFFICIAL,
            "项目类别",
            "category",
            Code::UnknownCategory,
        )),
        _ => None,
    });
    for (value, span, official, zh, en, code) in nature.into_iter().chain(category) {
        let v = value.trim();
        // The official value nearest to what was written, if one is clearly nearest: one
        // slip away (`特定目标`), or containing it (`一次性` → `一次性项目`, nearer than
        // `其他一次性项目`). Anything else (`专项类`) could mean several, so the help lists
        // them all and no value is picked for the author.
        let near = crate::suggest::clearly_nearest(
            v,
            official.iter().copied(),
            crate::suggest::Kind::Value,
        );
        let what = Arg::Words(zh, en);
        let d = Diagnostic::new(
            code,
            span,
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
            Some(n) => d.fix(Fix::maybe(span, format!("\"{n}\""))),
            None => d,
        });
    }
}

/// Groups at the level the project's framework gives them: a 一级 group at the top, each
/// 二级 group under its own 一级 group.
pub fn group_levels(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    let framework = project.framework;
    // Several 二级 groups of one 一级 group standing in the project itself: its `一级 {`
    // line is most likely lost. One diagnostic for them all, not one each.
    let mut orphans: Vec<(GroupName, Vec<&Group>)> = Vec::new();
    for g in project.groups.iter().filter(|g| g.parent.is_none()) {
        if let (false, Some(l1)) = (framework.is_level1(g.name), framework.parent_of(g.name)) {
            match orphans.iter_mut().find(|(p, _)| *p == l1) {
                Some((_, gs)) => gs.push(g),
                None => orphans.push((l1, vec![g])),
            }
        }
    }
    orphans.retain(|(_, gs)| gs.len() > 1);
    for (l1, gs) in &orphans {
        let mut d = Diagnostic::new(
            Code::MisplacedGroup,
            gs[0].name_span,
            t!(
                "{} 个{}的二级指标直接写在了项目中",
                "{} level-2 groups of {} stand directly in the project",
                gs.len(),
                *l1
            ),
        )
        .label(t!("这是二级指标", "this is a level-2 group"));
        for g in &gs[1..] {
            d = d.with_label(g.name_span, t!("这也是", "so is this"));
        }
        diags.push(d.help(t!(
            "是否删掉了 `{} {{` 这一行？二级指标要写在一级指标里：`{} {{ {} {{ … }} }}`",
            "was the line `{} {{` deleted? Level-2 groups go inside their level-1 group: `{} {{ {} {{ … }} }}`",
            ctx.group(*l1),
            ctx.group(*l1),
            ctx.group(gs[0].name)
        )));
    }
    let merged = |g: &Group| {
        orphans
            .iter()
            .any(|(_, gs)| gs.iter().any(|o| o.name_span == g.name_span))
    };
    for (i, g) in project.groups.iter().enumerate() {
        match g.parent {
            None if merged(g) => {}
            None if !framework.is_level1(g.name) => diags.push(not_level1(ctx, framework, g)),
            None => {}
            Some(p) => {
                let parent = &project.groups[p as usize];
                let right = framework.parent_of(g.name);
                if framework.is_level1(parent.name) && right != Some(parent.name) {
                    let rename = common_other_parent(framework, project, p as usize);
                    let target = right.and_then(|r| {
                        project
                            .groups
                            .iter()
                            .find(|x| x.parent.is_none() && x.name == r)
                    });
                    let d = misplaced_level2(ctx, framework, parent, g, right, rename);
                    // With siblings that are in the right place, the group itself moves.
                    let d = match (rename, target) {
                        (None, Some(to)) => match move_group(ctx.src, g, to) {
                            Some(fix) => d.fix(fix),
                            None => d,
                        },
                        _ => d,
                    };
                    diags.push(d);
                }
                let _ = i;
            }
        }
    }
}

/// If every 二级 child of the 一级 group `index` belongs under the same other 一级 group,
/// that group: the fix is then renaming this one.
fn common_other_parent(framework: Framework, project: &Project, index: usize) -> Option<GroupName> {
    let parent_name = project.groups[index].name;
    let mut other = None;
    for g in project
        .groups
        .iter()
        .filter(|g| g.parent == Some(index as u16))
    {
        let p = framework.parent_of(g.name)?;
        if p == parent_name || other.is_some_and(|q| q != p) {
            return None;
        }
        other = Some(p);
    }
    other
}

/// The fix that moves the 二级 group `l2` to the end of the 一级 group `to`: its lines cut
/// and inserted before `to`'s closing `}`. Certain: each 二级 group has one parent in the
/// framework, and the indicators move unchanged. Only for the layout people write (the group
/// alone on its lines, `to` closed on a line of its own); `None` otherwise, and when an
/// attribute above the group would be left behind to silence something else.
fn move_group(src: &str, l2: &Group, to: &Group) -> Option<Fix> {
    let (start, end) = (l2.span.start as usize, l2.span.end as usize);
    let text = src.get(start..end)?;
    if l2.name_span.start != l2.span.start || !text.ends_with('}') {
        return None;
    }
    let blank = |s: &str| s.chars().all(|c| c == ' ' || c == '\t');
    let line_start = src[..start].rfind('\n')? + 1;
    let indent = &src[line_start..start];
    let line_end = src[end..].find('\n').map_or(src.len(), |i| end + i);
    if !blank(indent) || !src[end..line_end].trim().is_empty() {
        return None;
    }
    let above = src[..line_start - 1].rsplit('\n').next().unwrap_or("");
    if above.trim_start().starts_with('@') {
        return None;
    }
    let close = (to.span.end as usize).checked_sub(1)?;
    if src.as_bytes().get(close) != Some(&b'}') {
        return None;
    }
    let close_line = src[..close].rfind('\n')? + 1;
    if !blank(&src[close_line..close]) {
        return None;
    }
    // Cut from the end of the line above, so no empty line is left; insert after the last
    // line of `to`, so the moved group gets a line of its own.
    let cut_from = line_start - 1 - usize::from(src[..line_start - 1].ends_with('\r'));
    let insert_at = close_line - 1 - usize::from(src[..close_line - 1].ends_with('\r'));
    let newline = &src[cut_from..line_start];
    let file = l2.span.file;
    Some(Fix::certain(Span::new(file, cut_from, end), "").and(
        Span::new(file, insert_at, insert_at),
        format!("{newline}{indent}{text}"),
    ))
}

fn level1_list(framework: Framework) -> Vec<GroupName> {
    framework.table().iter().map(|(l1, _)| *l1).collect()
}

fn not_level1(ctx: &ProjectContext, framework: Framework, g: &Group) -> Diagnostic {
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

fn misplaced_level2(
    ctx: &ProjectContext,
    framework: Framework,
    parent: &Group,
    l2: &Group,
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

pub fn empty_groups(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    for g in project.groups.iter().filter(|g| g.empty) {
        diags.push(
            Diagnostic::new(
                Code::EmptyGroup,
                g.name_span,
                t!("{}是空的", "{} is empty", g.name),
            )
            .label(t!("没有任何指标", "contains no indicators"))
            .help(t!(
                "填写指标，或删除这一空组",
                "add indicators, or delete the empty group"
            )),
        );
    }
}

/// Every project should have indicators under each 一级 group of its framework.
pub fn missing_level1(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    for (l1, _) in project.framework.table() {
        if !project.indicators.iter().any(|i| i.level1 == *l1) {
            diags.push(
                Diagnostic::new(
                    Code::MissingLevel1,
                    project.name_span,
                    t!("项目没有{}", "the project has no {}", *l1),
                )
                .label(t!(
                    "缺少{}",
                    "no {}",
                    Arg::Words(l1.form_name(), l1.as_str())
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

/// Two indicators with one name in the same 二级 group.
pub fn duplicate_indicators(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    // Names within one project: a fast hash (no one chooses keys to collide with it here
    // that could not as well write a longer file).
    let mut first: rustc_hash::FxHashMap<(u16, &str), Span> = Default::default();
    first.reserve(project.indicators.len());
    for ind in &project.indicators {
        match first.get(&(ind.group, &*ind.name)) {
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
                first.insert((ind.group, &ind.name), ind.span);
            }
        }
    }
}

/// An indicator whose value or name says it belongs in another group: a deadline outside
/// 时效指标, a satisfaction measure outside 满意度指标, a cost in money outside 成本指标.
/// Filed in the wrong group, it is counted and scored as the wrong kind of target.
pub fn misgrouped_indicators(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    use GroupName::*;
    let cost_home = match project.framework {
        Framework::F2015 => (Output, Cost),
        Framework::F2021 => (Cost, EconomicCost),
    };
    for ind in &project.indicators {
        let name = super::targets::core_name(&ind.name);
        let dim = ind.dimension();
        let (home, zh, en) = match &ind.value {
            Value::Deadline { .. } if ind.level2 != Timeliness && ind.level1 != Satisfaction => {
                ((Output, Timeliness), "完成时限", "a deadline")
            }
            _ if (name.ends_with("满意度") || name.ends_with("满意率"))
                && ind.level1 != Satisfaction =>
            {
                ((Satisfaction, Beneficiary), "满意度", "satisfaction")
            }
            Value::Quantitative(_)
                if dim.is_some_and(|d| d == Dimension::MONEY || d.is_per(Dimension::MONEY))
                    && !ind.in_cost_group()
                    && ind.level2 != Economic =>
            {
                (cost_home, "以金额计的成本", "a cost in money")
            }
            _ => continue,
        };
        let (l1, l2) = home;
        let path = format!("{} {{ {} {{ … }} }}", ctx.group(l1), ctx.group(l2));
        diags.push(
            Diagnostic::new(
                Code::MisgroupedIndicator,
                ind.name_span,
                t!(
                    "`{}` 是{}，却放在了{}中",
                    "`{}` is {}, but it stands under {}",
                    &ind.name,
                    Arg::Words(zh, en),
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
