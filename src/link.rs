//! Linking: the little that spans files, once every file is checked on its own. Project
//! names must be unique across every input file (the 汇总表 keys on them): one pass with a
//! hash map over the names each file kept.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::t;
use crate::FileUnit;

pub fn duplicate_projects(units: &[FileUnit], diags: &mut Diagnostics) {
    let count = units.iter().map(|u| u.model().names.len()).sum();
    let mut first: HashMap<&str, Span> = HashMap::with_capacity(count);
    for unit in units {
        for (name, span) in &unit.model().names {
            match first.get(&**name) {
                Some(&earlier) => diags.push(
                    Diagnostic::new(
                        Code::DuplicateProject,
                        *span,
                        t!("项目名称 `{}` 重复", "duplicate project name `{}`", name),
                    )
                    .label(t!("再次出现", "declared again here"))
                    .with_label(earlier, t!("第一次出现", "first declared here"))
                    .help(t!(
                        "每个项目名称只能出现一次；若是两个不同项目，请改用可区分的名称",
                        "each project name may appear once; if these are different projects, give them distinct names"
                    )),
                ),
                None => {
                    first.insert(name, *span);
                }
            }
        }
    }
}
