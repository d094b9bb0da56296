//! Every code's long explanation is well formed, and its examples are real: the wrong
//! example reports the code, the right example does not and has no errors at all.

use perfc::diag::codes::ALL;

/// The ```perf blocks of an explanation, in order, skipping ```perf,ignore.
fn perf_blocks(md: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    let mut ignored = false;
    for line in md.lines() {
        let t = line.trim();
        match &mut current {
            None if t.starts_with("```perf") => {
                ignored = t.contains("ignore");
                current = Some(String::new());
            }
            Some(body) if t == "```" => {
                if !ignored {
                    blocks.push(std::mem::take(body));
                }
                current = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn explain_examples_compile_as_documented() {
    for code in ALL {
        let info = code.info();
        let md = info.explain;
        let wrong_at = md
            .find("## 错误示例")
            .unwrap_or_else(|| panic!("{} lacks 错误示例", info.code));
        let right_at = md
            .find("## 正确示例")
            .unwrap_or_else(|| panic!("{} lacks 正确示例", info.code));
        let wrong = perf_blocks(&md[wrong_at..right_at]);
        let right = perf_blocks(&md[right_at..]);
        for w in &wrong {
            let c = perfc::compile_str("wrong.perf", w);
            assert!(
                c.diagnostics.iter().any(|d| d.code == *code),
                "{}: the wrong example does not report it:\n{w}",
                info.code
            );
        }
        assert!(!right.is_empty(), "{}: no right example", info.code);
        for r in &right {
            let c = perfc::compile_str("right.perf", r);
            let codes: Vec<_> = c
                .diagnostics
                .iter()
                .filter(|d| d.is_error() || d.code == *code)
                .map(|d| d.code)
                .collect();
            assert!(
                codes.is_empty(),
                "{}: the right example reports {codes:?}:\n{r}",
                info.code
            );
        }
    }
}

#[test]
fn explain_has_both_languages() {
    for code in ALL {
        let md = code.info().explain;
        let zh = md.find("## 中文").unwrap();
        let en = md.find("## English").unwrap();
        assert!(zh < en, "{}", code.info().code);
        assert!(
            md[zh..en].trim().len() > "## 中文".len() + 20,
            "{}: Chinese text too short",
            code.info().code
        );
    }
}
