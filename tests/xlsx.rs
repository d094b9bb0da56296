//! `--emit xlsx` read back with calamine and compared with the model: the sheets, every
//! project's fields and indicators where the form puts them, the 汇总表 totals as numbers,
//! dates as Excel dates, merged 一级 cells, text that looks like a formula staying text, and
//! stable bytes.

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Dimensions, Range, Reader, Xlsx};
use perfc::emit::xlsx::workbook;
use perfc::emit::{emit, Format, Options};
use perfc::model::{Date, Fen, Indicator, Program, Spanned, Value};
use perfc::Compilation;

/// The grid starts under the title and the subtitle.
const HEAD_ROWS: usize = 2;

fn compile_dir(dir: &str) -> Compilation {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = perfc::load::expand(&[root.join(dir)]).unwrap();
    let c = perfc::compile(perfc::load::read_all(&paths).unwrap());
    assert_eq!(c.error_count(), 0, "{:#?}", c.diagnostics);
    c
}

fn shanghai() -> Compilation {
    compile_dir("examples/shanghai-2024")
}

fn xlsx(c: &Compilation) -> Vec<u8> {
    emit(Format::Xlsx, c, &Options::default()).unwrap()
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

/// The cell at an absolute (row, column), `Empty` where nothing is written.
fn at(range: &Range<Data>, row: usize, col: usize) -> Data {
    range
        .get_value((row as u32, col as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn text(s: &str) -> Data {
    if s.is_empty() {
        Data::Empty
    } else {
        Data::String(s.to_string())
    }
}

fn yuan(f: Option<Fen>) -> Data {
    match f {
        Some(f) => Data::Float(f.0 as f64 / 100.0),
        None => Data::Empty,
    }
}

/// The serial number Excel stores for a date: days since 1899-12-30 (from March 1900 on,
/// where Excel's phantom 1900-02-29 no longer matters), by the civil calendar.
fn excel_serial(d: Date) -> f64 {
    let (m, day) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let since_1970 = era * 146_097 + day_of_era - 719_468;
    (since_1970 + 25_569) as f64
}

/// A cell that calamine reads as a date (its number format is a date format) on `d`.
fn assert_date(cell: &Data, d: Date, what: &str) {
    match cell {
        Data::DateTime(x) => {
            assert!(x.is_datetime(), "{what}: {x:?}");
            assert_eq!(x.as_f64(), excel_serial(d), "{what}: {d}");
        }
        other => panic!("{what}: {other:?} is not a date"),
    }
}

/// The 年度指标值 cell as the form holds it: a deadline of one date is that date.
fn assert_target(cell: &Data, ind: &Indicator) {
    match &ind.value {
        Value::Deadline { dates, text: None } if dates.len() == 1 => {
            assert_date(cell, dates[0], &ind.name)
        }
        v => assert_eq!(*cell, text(&v.form_text()), "{}", ind.name),
    }
}

#[test]
fn one_summary_sheet_then_one_sheet_per_project_named_after_it() {
    let c = shanghai();
    let book = open(&xlsx(&c));
    let mut expected = vec!["汇总".to_string()];
    expected.extend(c.program().projects.iter().map(|p| p.name.to_string()));
    assert_eq!(book.sheet_names(), expected);
    assert_eq!(expected.len(), 14);
}

#[test]
fn every_project_sheet_holds_its_fields_and_indicators_in_the_form_layout() {
    let c = shanghai();
    let mut book = open(&xlsx(&c));
    let mut indicators = 0;
    for p in &c.program().projects {
        let sheet = book.worksheet_range(&p.name).unwrap();
        assert_eq!(at(&sheet, 0, 0), text("财政项目支出绩效目标申报表"));
        assert_eq!(at(&sheet, 1, 0), text("（2024年度）"));
        let g = HEAD_ROWS;
        // 项目名称 | name | 项目性质 | nature | 项目类别 | category
        assert_eq!(at(&sheet, g, 0), text("项目名称"));
        assert_eq!(at(&sheet, g, 1), text(&p.name));
        assert_eq!(at(&sheet, g, 3), text(p.nature_text().unwrap_or("")));
        assert_eq!(at(&sheet, g, 5), text(p.category_text().unwrap_or("")));
        assert_eq!(
            at(&sheet, g + 1, 1),
            text(p.department.as_deref().unwrap_or(""))
        );
        assert_eq!(
            at(&sheet, g + 1, 4),
            text(p.implementer.as_deref().unwrap_or(""))
        );
        // Funding: 年度资金申请总额 and its breakdown as numbers in 元.
        assert_eq!(at(&sheet, g + 3, 0), text("项目资金（元）"));
        assert_eq!(at(&sheet, g + 3, 3), text("年度资金申请总额"));
        assert_eq!(at(&sheet, g + 3, 4), yuan(p.funding.annual), "{}", p.name);
        assert!(matches!(at(&sheet, g + 3, 4), Data::Float(_)), "{}", p.name);
        assert_eq!(at(&sheet, g + 4, 4), yuan(p.funding.appropriation));
        assert_eq!(at(&sheet, g + 5, 4), yuan(p.funding.carryover));
        assert_eq!(at(&sheet, g + 6, 4), yuan(p.funding.other));
        // Goals, then the indicator table after its header row.
        let goal_row = g + 7 + p.funding.custom.len() + 1;
        assert_eq!(at(&sheet, goal_row, 3), text(p.goal_text().unwrap_or("")));
        let header = goal_row + 1;
        assert_eq!(at(&sheet, header, 0), text("绩效指标"));
        assert_eq!(at(&sheet, header, 1), text("一级指标"));
        for (i, ind) in p.indicators.iter().enumerate() {
            let r = header + 1 + i;
            if i == 0 || p.indicators[i - 1].level1 != ind.level1 {
                assert_eq!(at(&sheet, r, 1), text(ind.level1.form_name()));
            }
            if i == 0 || p.indicators[i - 1].level2 != ind.level2 {
                assert_eq!(at(&sheet, r, 2), text(ind.level2.form_name()));
            }
            assert_eq!(at(&sheet, r, 3), text(&ind.name), "{}", p.name);
            assert_target(&at(&sheet, r, 4), ind);
            assert_eq!(at(&sheet, r, 5), text(ind.note().unwrap_or("")));
            indicators += 1;
        }
        assert_eq!(sheet.end(), Some(((header + p.indicators.len()) as u32, 5)));
    }
    assert!(indicators > 300, "{indicators}");
}

#[test]
fn summary_sheet_has_numbers_and_the_total() {
    let c = shanghai();
    let mut book = open(&xlsx(&c));
    let sheet = book.worksheet_range("汇总").unwrap();
    assert_eq!(at(&sheet, 0, 0), text("绩效目标汇总表"));
    let g = HEAD_ROWS;
    // 7 text columns, then 7 money columns; 年度资金申请总额 is the fourth.
    let annual = 7 + 3;
    assert_eq!(at(&sheet, g, 0), text("项目名称"));
    assert_eq!(at(&sheet, g, annual), text("年度资金申请总额\n（元）"));
    for (i, p) in c.program().projects.iter().enumerate() {
        assert_eq!(at(&sheet, g + 1 + i, 0), text(&p.name));
        assert_eq!(at(&sheet, g + 1 + i, annual), yuan(p.funding.annual));
        assert_eq!(
            at(&sheet, g + 1 + i, 18),
            Data::Float(p.indicators.len() as f64)
        );
    }
    let total = g + 1 + c.program().projects.len();
    assert_eq!(at(&sheet, total, 0), text("合计"));
    assert_eq!(at(&sheet, total, annual), Data::Float(13441438.0));
    let all: usize = c
        .program()
        .projects
        .iter()
        .map(|p| p.indicators.len())
        .sum();
    assert_eq!(at(&sheet, total, 18), Data::Float(all as f64));
}

#[test]
fn the_serial_numbers_are_excels() {
    // Known serial numbers: the first day of the filing's year and a leap day.
    let date = |y, m, d| Date::new(y, m, d).unwrap();
    assert_eq!(excel_serial(date(2024, 1, 1)), 45292.0);
    assert_eq!(excel_serial(date(2024, 2, 29)), 45351.0);
    assert_eq!(excel_serial(date(1900, 3, 1)), 61.0);
}

#[test]
fn dates_are_excel_dates() {
    let c = shanghai();
    let mut book = open(&xlsx(&c));
    let g = HEAD_ROWS;
    for p in &c.program().projects {
        let sheet = book.worksheet_range(&p.name).unwrap();
        // 计划开始日期 | start (two columns) | 计划完成日期 | end (two columns)
        assert_eq!(at(&sheet, g + 2, 0), text("计划开始日期"));
        assert_date(&at(&sheet, g + 2, 1), p.start_date().unwrap(), &p.name);
        assert_eq!(at(&sheet, g + 2, 3), text("计划完成日期"));
        assert_date(&at(&sheet, g + 2, 4), p.end_date().unwrap(), &p.name);
    }
    let sheet = book.worksheet_range("汇总").unwrap();
    assert_eq!(at(&sheet, g, 5), text("计划开始日期"));
    assert_eq!(at(&sheet, g, 6), text("计划完成日期"));
    for (i, p) in c.program().projects.iter().enumerate() {
        assert_date(&at(&sheet, g + 1 + i, 5), p.start_date().unwrap(), &p.name);
        assert_date(&at(&sheet, g + 1 + i, 6), p.end_date().unwrap(), &p.name);
    }
    // The total row has no dates.
    let total = g + 1 + c.program().projects.len();
    assert_eq!(at(&sheet, total, 5), Data::Empty);

    // A deadline that is a cell of its own (the quickstart's 培训完成时间 截至 2024-11-30).
    let q = compile_dir("examples/quickstart.perf");
    let program = q.program();
    let p = program.projects[0];
    let (k, ind) = p
        .indicators
        .iter()
        .enumerate()
        .find(|(_, i)| i.name == "培训完成时间")
        .unwrap();
    let mut book = open(&xlsx(&q));
    let sheet = book.worksheet_range(&p.name).unwrap();
    let header = g + 7 + p.funding.custom.len() + 2;
    assert_eq!(at(&sheet, header + 1 + k, 3), text(&ind.name));
    assert_date(
        &at(&sheet, header + 1 + k, 4),
        Date::new(2024, 11, 30).unwrap(),
        &ind.name,
    );
}

/// Excel counts days from 1900 to 9999; a date outside (the checker lets one through with a
/// warning, W0503, the period outside the year) still shows, as text.
#[test]
fn a_date_excel_cannot_hold_is_text() {
    let c = compile_dir("examples/quickstart.perf");
    let mut p = c.program().projects[0].clone();
    p.start = Some(Spanned {
        value: Date::new(1899, 1, 1).unwrap(),
        span: p.start.unwrap().span,
    });
    let program = Program {
        year: Some(2024),
        projects: vec![&p],
    };
    let mut book = open(&workbook(&program, &Options::default()).unwrap());
    let sheet = book.worksheet_range(&p.name).unwrap();
    assert_eq!(at(&sheet, HEAD_ROWS + 2, 1), text("1899-01-01"));
    assert_date(&at(&sheet, HEAD_ROWS + 2, 4), p.end_date().unwrap(), "end");
}

#[test]
fn values_that_look_like_formulas_stay_text() {
    let c = shanghai();
    let mut book = open(&xlsx(&c));
    let p = &c.program().projects[0];
    assert!(p
        .indicators
        .iter()
        .any(|i| i.value.form_text() == "=2.00(个)"));
    let sheet = book.worksheet_range(&p.name).unwrap();
    assert!(sheet
        .used_cells()
        .any(|(_, _, v)| *v == Data::String("=2.00(个)".into())));
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has formulas"
        );
    }
}

#[test]
fn level1_cells_and_titles_are_merged() {
    let c = shanghai();
    let mut book = open(&xlsx(&c));
    for p in &c.program().projects {
        let merged = book.merge_cells_by_sheet_name(&p.name).unwrap();
        let has = |start: (usize, usize), end: (usize, usize)| {
            merged.contains(&Dimensions {
                start: (start.0 as u32, start.1 as u32),
                end: (end.0 as u32, end.1 as u32),
            })
        };
        assert!(has((0, 0), (0, 5)), "title of {}", p.name);
        assert!(has((1, 0), (1, 5)), "subtitle of {}", p.name);
        let header = HEAD_ROWS + 7 + p.funding.custom.len() + 2;
        assert!(has((header, 0), (header + p.indicators.len(), 0)));
        let mut i = 0;
        while i < p.indicators.len() {
            let level1 = p.indicators[i].level1;
            let run = p.indicators[i..]
                .iter()
                .take_while(|j| j.level1 == level1)
                .count();
            let r = header + 1 + i;
            if run > 1 {
                assert!(has((r, 1), (r + run - 1, 1)), "{} {level1:?}", p.name);
            }
            i += run;
        }
    }
}

#[test]
fn two_runs_give_the_same_bytes() {
    let c = shanghai();
    let a = xlsx(&c);
    assert_eq!(a, xlsx(&shanghai()));
    // And the quickstart too, whose year and sizes differ.
    let q = compile_dir("examples/quickstart.perf");
    assert_eq!(xlsx(&q), xlsx(&q));
}

#[test]
fn english_labels() {
    let c = shanghai();
    let opts = Options {
        lang: perfc::diag::Lang::En,
        ..Options::default()
    };
    let mut book = open(&emit(Format::Xlsx, &c, &opts).unwrap());
    assert_eq!(book.sheet_names()[0], "Summary");
    let sheet = book.worksheet_range("Summary").unwrap();
    assert_eq!(at(&sheet, HEAD_ROWS, 10), text("annual\n(元)"));
}

#[test]
fn sheet_names_are_made_valid_and_unique() {
    let c = compile_dir("examples/quickstart.perf");
    let template = c.program().projects[0].clone();
    let named = |name: &str| {
        let mut p = template.clone();
        p.name = name.to_string().into();
        p
    };
    let long = "很".repeat(40);
    let projects = vec![
        named("汇总"),
        named("a/b:c*d?[e]\\f"),
        named(&long),
        named(&long),
        named("  "),
        named("'引号'"),
        named("History"),
        named("ABC"),
        named("abc"),
    ];
    let program = Program {
        year: Some(2024),
        projects: projects.iter().collect(),
    };
    let book = open(&workbook(&program, &Options::default()).unwrap());
    let names = book.sheet_names();
    let cut: String = "很".repeat(31);
    let cut_for_suffix: String = "很".repeat(28);
    assert_eq!(
        names,
        vec![
            "汇总".to_string(),
            "汇总(2)".into(),
            "a_b_c_d__e__f".into(),
            cut,
            format!("{cut_for_suffix}(2)"),
            "项目".into(),
            "引号".into(),
            "History(2)".into(),
            "ABC".into(),
            "abc(2)".into(),
        ]
    );
    // Every sheet still carries its project's full name.
    let mut book = book;
    let sheet = book.worksheet_range(&names[3]).unwrap();
    assert_eq!(at(&sheet, HEAD_ROWS, 1), text(&long));
}

/// The formula check above would see one: a workbook with a formula reads back with it.
#[test]
fn the_formula_check_can_see_formulas() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_formula(0, 0, "=1+1").unwrap();
    let mut book = open(&wb.save_to_buffer().unwrap());
    let formulas = book.worksheet_formula("Sheet1").unwrap();
    assert!(formulas.used_cells().any(|(_, _, f)| !f.is_empty()));
}
