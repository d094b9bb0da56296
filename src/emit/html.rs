//! `--emit html`: the last stage for readers, after `check` has produced the model. One
//! self-contained, print-ready page: the 汇总表 and a bar chart of the annual amounts, each
//! project's 申报表 drawn from the shared `report` grids, and the warnings as an appendix
//! (left out with `Options::warnings_appendix` off).

use super::report::{pick, project_grid, summary_grid, Cell, CellValue, Grid};
use super::Options;
use crate::diag::{Diagnostic, Lang};
use crate::model::{Program, Project};
use crate::source::Files;
use crate::Compilation;

/// The whole page. Every piece is written in input order from the model and the sorted
/// diagnostics, with ids numbered by position, so the same input gives the same bytes.
pub fn emit(c: &Compilation, opts: &Options) -> String {
    page(&c.program(), &c.files, &c.diagnostics, opts)
}

/// The page for a program, with the diagnostics its build passed with.
pub fn page(
    program: &Program,
    files: &Files,
    diagnostics: &[Diagnostic],
    opts: &Options,
) -> String {
    let lang = opts.lang;
    let summary = summary_grid(program, lang);
    let mut out = String::new();

    page_head(&mut out, &summary, "", lang);

    // The summary and the chart share the first section (a landscape page in print: the
    // 汇总表 has nineteen columns).
    out.push_str("<section class=\"summary\" aria-labelledby=\"summary-title\">\n");
    heading(&mut out, &summary, "summary-title");
    // No fixed column widths here: seven money columns that must not wrap leave the text
    // columns too little room at the grid's proportions, so the browser sizes by content.
    table(
        &mut out,
        &summary,
        "grid summary-grid",
        1,
        "summary-title",
        false,
    );
    chart(&mut out, &program.projects, lang);
    out.push_str("</section>\n");

    for (i, p) in program.projects.iter().enumerate() {
        let grid = project_grid(p, program.year, lang);
        let id = format!("project-{}-title", i + 1);
        out.push_str(&format!(
            "<section class=\"form\" id=\"project-{}\" aria-labelledby=\"{id}\">\n",
            i + 1
        ));
        heading(&mut out, &grid, &id);
        table(&mut out, &grid, "grid project-grid", 0, &id, true);
        out.push_str("</section>\n");
    }

    if opts.warnings_appendix {
        appendix(&mut out, files, diagnostics, lang);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Print rules first: A4 like the paper form, one form per page, rows never split, and black
/// 1px collapsed borders. Fonts are only named, never fetched, so the page works offline.
/// The 汇总表 gets a landscape page: its nineteen columns do not fit across portrait A4.
/// Rows that start a rowspan (the 一级/二级 cells) are exempt from `break-inside: avoid`:
/// on such a row Chromium keeps the whole merged block together, pushing a long indicator
/// list to a new page and leaving a blank one behind. Their unmerged cells still never split.
pub(super) const CSS: &str = r#"@page { size: A4; margin: 15mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
@page summary { size: A4 landscape; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", SimSun, sans-serif; font-size: 10pt; line-height: 1.4; color: #000; background: #fff; margin: 0 auto; max-width: 1200px; padding: 12px; }
section + section { break-before: page; page-break-before: always; }
section.summary { page: summary; }
h1 { font-size: 16pt; text-align: center; margin: 0.2em 0 0; letter-spacing: 0.05em; }
h2 { font-size: 13pt; margin: 0.4em 0; }
p.subtitle { text-align: center; margin: 0.2em 0 0.6em; }
table { border-collapse: collapse; width: 100%; }
table.project-grid { table-layout: fixed; }
th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: middle; overflow-wrap: break-word; }
th { font-weight: bold; background: #eee; text-align: center; }
td.text { white-space: pre-wrap; }
td.date { white-space: nowrap; }
td.money, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr:not(:has(> [rowspan])) { break-inside: avoid; page-break-inside: avoid; }
td:not([rowspan]), th:not([rowspan]) { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
table.summary-grid { font-size: 7pt; line-height: 1.25; }
table.summary-grid th, table.summary-grid td { padding: 2px 3px; }
figure.chart { margin: 1.2em auto 0; max-width: 180mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; text-align: center; margin-bottom: 0.4em; }
figure.chart svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 14px; fill: #000; }
svg text.missing { fill: #555; font-style: italic; }
svg rect.bar { fill: #4f6f9f; }
p.note { color: #333; }
table.warnings { font-size: 8.5pt; table-layout: fixed; }
table.warnings td { vertical-align: top; }
table.warnings .lint { display: block; color: #444; font-size: 7.5pt; }
@media screen { section + section { margin-top: 2em; padding-top: 1em; border-top: 2px dashed #999; } }
@media print { body { max-width: none; padding: 0; } }
"#;

/// The page up to `<body>`: language, title (the summary grid's), the shared style sheet
/// and `extra_css` after it.
pub(super) fn page_head(out: &mut String, summary: &Grid, extra_css: &str, lang: Lang) {
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html lang=\"{}\">\n<head>\n",
        pick("zh-CN", "en", lang)
    ));
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n",
        esc(&join_title(&summary.title, &summary.subtitle))
    ));
    out.push_str("<style>\n");
    out.push_str(CSS);
    out.push_str(extra_css);
    out.push_str("</style>\n</head>\n<body>\n");
}

/// The form's title and subtitle, centred above it as on paper.
pub(super) fn heading(out: &mut String, grid: &Grid, id: &str) {
    out.push_str(&format!("<h1 id=\"{id}\">{}</h1>\n", esc(&grid.title)));
    if !grid.subtitle.is_empty() {
        out.push_str(&format!(
            "<p class=\"subtitle\">{}</p>\n",
            esc(&grid.subtitle)
        ));
    }
}

pub(super) fn join_title(title: &str, subtitle: &str) -> String {
    if subtitle.is_empty() || subtitle.starts_with('（') {
        format!("{title}{subtitle}")
    } else {
        format!("{title} {subtitle}")
    }
}

/// A grid as an HTML table. The grid already lists only the cells that start in each row, so
/// rowspan and colspan carry over unchanged; the first `header_rows` rows become a `<thead>`
/// that Chromium repeats on every printed page of a long table.
pub(super) fn table(
    out: &mut String,
    grid: &Grid,
    class: &str,
    header_rows: usize,
    labelled_by: &str,
    sized: bool,
) {
    out.push_str(&format!(
        "<table class=\"{class}\" aria-labelledby=\"{labelled_by}\">\n"
    ));
    let total: u32 = grid.widths.iter().map(|w| u32::from(*w)).sum();
    if sized && grid.widths.len() == grid.columns && total > 0 {
        out.push_str("<colgroup>");
        for w in &grid.widths {
            out.push_str(&format!(
                "<col style=\"width:{:.2}%\">",
                f64::from(*w) * 100.0 / f64::from(total)
            ));
        }
        out.push_str("</colgroup>\n");
    }
    let header_rows = header_rows.min(grid.rows.len());
    if header_rows > 0 {
        out.push_str("<thead>\n");
        for row in &grid.rows[..header_rows] {
            table_row(out, row, true);
        }
        out.push_str("</thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &grid.rows[header_rows..] {
        table_row(out, row, false);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn table_row(out: &mut String, row: &[Cell], header: bool) {
    out.push_str("<tr>");
    for cell in row {
        let (tag, class) = match &cell.value {
            CellValue::Label(_) => ("th", "label"),
            // A date broken at its hyphens reads badly.
            CellValue::Date(_) => ("td", "text date"),
            CellValue::Text(_) => ("td", "text"),
            CellValue::Money(_) => ("td", "money"),
            CellValue::Count(_) | CellValue::Points(_) | CellValue::Percent(_) => ("td", "num"),
            CellValue::Empty => ("td", "empty"),
        };
        out.push_str(&format!("<{tag} class=\"{class}\""));
        if header && tag == "th" {
            out.push_str(" scope=\"col\"");
        }
        if cell.colspan > 1 {
            out.push_str(&format!(" colspan=\"{}\"", cell.colspan));
        }
        if cell.rowspan > 1 {
            out.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
        }
        // No whitespace around the text: text cells are `pre-wrap`, so it would show.
        out.push_str(&format!(">{}</{tag}>", esc(&cell.value.display())));
    }
    out.push_str("</tr>\n");
}

/// Chart geometry in viewBox units: the SVG scales to the page width, so these are only
/// proportions (1000 units ≈ 180 mm in print).
const CHART_WIDTH: f64 = 1000.0;
const ROW_HEIGHT: f64 = 30.0;
const BAR_HEIGHT: f64 = 18.0;
const PAD: f64 = 10.0;
const FONT: f64 = 14.0;
/// Room right of the longest bar for its amount (`13,441,438.00 元`).
const AMOUNT_ROOM: f64 = 170.0;

/// A horizontal bar chart of each project's 年度资金申请总额, scaled to the largest. It is
/// an image to screen readers (`role="img"`), so its `<desc>` lists every amount as well.
fn chart(out: &mut String, projects: &[&Project], lang: Lang) {
    let caption = pick(
        "各项目年度资金申请总额（元）",
        "Annual request by project (元)",
        lang,
    );
    if projects.is_empty() {
        out.push_str(&format!(
            "<p class=\"note\">{}</p>\n",
            pick(
                "没有项目，因此没有年度资金图表。",
                "No projects, so there is no chart of annual amounts.",
                lang
            )
        ));
        return;
    }
    let missing = pick("未填", "not given", lang);
    // Negative amounts are errors and never reach a build; clamping keeps the drawing sane
    // if a library caller emits anyway.
    let amounts: Vec<Option<i64>> = projects
        .iter()
        .map(|p| p.funding.annual.map(|f| f.0.max(0)))
        .collect();
    let max = amounts.iter().flatten().copied().max().unwrap_or(0);

    // Name labels sit right-aligned left of the bars; the column is as wide as the longest
    // name needs (estimated: CJK a full em, ASCII about half), within bounds.
    let longest = projects
        .iter()
        .map(|p| text_width(&p.name))
        .fold(0.0, f64::max);
    let label_w = (longest + 12.0).clamp(120.0, 400.0);
    let bar_max = CHART_WIDTH - label_w - AMOUNT_ROOM;
    let height = PAD * 2.0 + ROW_HEIGHT * projects.len() as f64;

    let amount_text = |a: Option<i64>| match a {
        Some(fen) => format!("{} 元", crate::model::Fen(fen).grouped()),
        None => missing.to_string(),
    };
    let desc: Vec<String> = projects
        .iter()
        .zip(&amounts)
        .map(|(p, a)| format!("{}{}{}", p.name, pick("：", ": ", lang), amount_text(*a)))
        .collect();
    let desc = desc.join(pick("；", "; ", lang));

    out.push_str("<figure class=\"chart\">\n");
    out.push_str(&format!(
        "<figcaption id=\"chart-caption\">{}</figcaption>\n",
        esc(caption)
    ));
    // No xmlns: inline SVG in HTML needs none, and the page holds no URLs at all.
    out.push_str(&format!(
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" \
         preserveAspectRatio=\"xMidYMin meet\">\n",
        num(CHART_WIDTH),
        num(height)
    ));
    out.push_str(&format!(
        "<title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>\n",
        esc(caption),
        esc(&desc)
    ));
    for (i, (p, a)) in projects.iter().zip(&amounts).enumerate() {
        let top = PAD + ROW_HEIGHT * i as f64;
        let bar_y = top + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
        let baseline = top + ROW_HEIGHT / 2.0 + FONT * 0.35;
        out.push_str("<g>");
        // A name longer than its column is squeezed to fit rather than cut: it is user text.
        let squeeze = if text_width(&p.name) > label_w - 12.0 {
            format!(
                " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
                num(label_w - 12.0)
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"{squeeze}>{}</text>",
            num(label_w - 8.0),
            num(baseline),
            esc(&p.name)
        ));
        match a {
            Some(fen) => {
                let len = if max > 0 {
                    *fen as f64 / max as f64 * bar_max
                } else {
                    0.0
                };
                if len > 0.0 {
                    out.push_str(&format!(
                        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                        num(label_w),
                        num(bar_y),
                        num(len),
                        num(BAR_HEIGHT)
                    ));
                }
                out.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\">{}</text>",
                    num(label_w + len + 6.0),
                    num(baseline),
                    esc(&amount_text(Some(*fen)))
                ));
            }
            None => out.push_str(&format!(
                "<text class=\"missing\" x=\"{}\" y=\"{}\">{}</text>",
                num(label_w + 6.0),
                num(baseline),
                esc(missing)
            )),
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n</figure>\n");
}

/// Estimated drawn width of a label in viewBox units: SVG text does not wrap or measure
/// itself, so the layout reserves room from this.
pub(super) fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * FONT
}

/// A coordinate with one decimal and no trailing `.0`: short, and fixed by the input alone.
pub(super) fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// The warnings a build passed with, so a reviewer of the printout sees what was tolerated.
fn appendix(out: &mut String, files: &Files, diagnostics: &[Diagnostic], lang: Lang) {
    out.push_str("<section class=\"appendix\" aria-labelledby=\"appendix-title\">\n");
    out.push_str(&format!(
        "<h2 id=\"appendix-title\">{}</h2>\n",
        pick("附录：检查警告", "Appendix: warnings", lang)
    ));
    if diagnostics.is_empty() {
        out.push_str(&format!(
            "<p>{}</p>\n</section>\n",
            pick("无", "none", lang)
        ));
        return;
    }
    out.push_str("<table class=\"warnings\" aria-labelledby=\"appendix-title\">\n");
    out.push_str("<colgroup><col style=\"width:14%\"><col style=\"width:24%\"><col style=\"width:34%\"><col style=\"width:28%\"></colgroup>\n<thead><tr>");
    for (zh, en) in [
        ("代码", "Code"),
        ("位置", "Location"),
        ("说明", "Message"),
        ("帮助", "Help"),
    ] {
        out.push_str(&format!(
            "<th class=\"label\" scope=\"col\">{}</th>",
            pick(zh, en, lang)
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for d in diagnostics {
        let span = d.primary();
        let file = files.get(span.file);
        let (line, col) = file.line_col(span.start as usize);
        let info = d.code.info();
        out.push_str(&format!(
            "<tr><td class=\"code\">{}<span class=\"lint\">{}</span></td>\
             <td class=\"loc\">{}:{line}:{col}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>\n",
            esc(info.code),
            esc(info.lint),
            esc(&file.name),
            esc(&d.message.render(lang)),
            esc(&d.help.as_ref().map(|h| h.render(lang)).unwrap_or_default()),
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Escape text for element content and quoted attributes alike: project names, goals and
/// file names are user text.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(src: &str) -> Compilation {
        crate::compile_str("t.perf", src)
    }

    fn quickstart() -> Compilation {
        let c = compile(include_str!("../../examples/quickstart.perf"));
        assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
        c
    }

    fn zh() -> Options {
        Options::default()
    }

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            esc(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("城管执法"), "城管执法");
    }

    /// The page for the quick start with its one project changed by `f`.
    fn page_with(c: &Compilation, f: impl FnOnce(&mut Project)) -> String {
        let program = c.program();
        let mut p = program.projects[0].clone();
        f(&mut p);
        let changed = Program {
            year: program.year,
            projects: vec![&p],
        };
        page(&changed, &c.files, &c.diagnostics, &zh())
    }

    #[test]
    fn user_text_is_escaped_in_tables_and_chart() {
        let c = quickstart();
        let html = page_with(&c, |p| {
            p.name = "<script>alert('x')</script> & \"co\"".into();
        });
        assert!(!html.contains("<script"), "{html}");
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;";
        // Summary row, chart label, chart desc (as part of a longer text) and the form.
        assert!(html.matches(escaped).count() >= 4, "{html}");
    }

    #[test]
    fn chart_with_zero_projects_is_a_note() {
        let c = quickstart();
        let none = Program {
            year: Some(2024),
            projects: Vec::new(),
        };
        let html = page(&none, &c.files, &c.diagnostics, &zh());
        assert!(!html.contains("<svg"));
        assert!(html.contains("没有项目"));
        assert!(!html.contains("class=\"form\""));
        let en = page(
            &none,
            &c.files,
            &c.diagnostics,
            &Options {
                lang: Lang::En,
                ..Options::default()
            },
        );
        assert!(en.contains("No projects"));
        assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    }

    #[test]
    fn chart_with_one_project_has_one_full_bar() {
        let c = quickstart();
        let mut out = String::new();
        chart(&mut out, &c.program().projects, Lang::Zh);
        assert_eq!(out.matches("<rect").count(), 1, "{out}");
        assert!(out.contains("role=\"img\""));
        assert!(out.contains("<title id=\"chart-title\">"));
        assert!(out.contains("<desc id=\"chart-desc\">城管执法人员业务培训：120,000.00 元</desc>"));
        assert!(out.contains(">城管执法人员业务培训</text>"));
        assert!(out.contains(">120,000.00 元</text>"));
        // The only bar is the largest, so it takes the whole bar area.
        let label_w = (text_width("城管执法人员业务培训") + 12.0).clamp(120.0, 400.0);
        let full = num(CHART_WIDTH - label_w - AMOUNT_ROOM);
        assert!(out.contains(&format!("width=\"{full}\"")), "{out}");
    }

    #[test]
    fn project_without_annual_amount_has_no_bar() {
        let c = quickstart();
        let program = c.program();
        let mut second = program.projects[0].clone();
        second.name = "第二个项目".into();
        second.funding.annual = None;
        let projects = vec![program.projects[0], &second];
        let mut out = String::new();
        chart(&mut out, &projects, Lang::Zh);
        assert_eq!(out.matches("<rect").count(), 1, "{out}");
        assert!(out.contains("class=\"missing\""));
        assert!(out.contains(">未填</text>"));
        assert!(out.contains("第二个项目：未填"));
    }

    #[test]
    fn page_is_self_contained_and_deterministic() {
        let c = quickstart();
        let a = emit(&c, &zh());
        assert_eq!(a, emit(&c, &zh()));
        assert!(a.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(a.contains("<meta charset=\"utf-8\">"));
        for bad in ["<script", "http://", "https://", "<link", "@import", "url("] {
            assert!(!a.contains(bad), "{bad}");
        }
        assert!(a.contains("<h2 id=\"appendix-title\">附录：检查警告</h2>\n<p>无</p>"));
        assert!(a.contains("财政项目支出绩效目标申报表"));
        assert!(a.contains("（2024年度）"));
    }
}
