//! `ddgen init [DIR]`: a starter model that checks clean.

use std::path::{Path, PathBuf};

/// The starter model; it shows each construct once.
pub const STARTER: &str = include_str!("../templates/init/model.ddd");

/// The file `init` writes inside `dir`.
pub fn target(dir: &Path) -> PathBuf {
    dir.join("model.ddd")
}

/// Writes the starter model into `dir` (created if missing). Refuses to
/// overwrite an existing file: nothing a user wrote is ever lost.
pub fn init(dir: &Path) -> Result<PathBuf, String> {
    let file = target(dir);
    if file.exists() {
        return Err(format!(
            "`{}` already exists; not overwriting it",
            file.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create folder `{}`: {e}", dir.display()))?;
    // `create_new` closes the race between the check above and the write.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .map_err(|e| format!("cannot create `{}`: {e}", file.display()))?;
    f.write_all(STARTER.as_bytes())
        .map_err(|e| format!("cannot write `{}`: {e}", file.display()))?;
    Ok(file)
}

/// What to try next, printed after `init`.
pub fn next_steps(dir: &Path) -> String {
    let d = dir.display();
    format!(
        "created {file}\n\nnext:\n  ddgen check {d}            validate the model\n  ddgen explain W101          read what a diagnostic means\n  edit {file} and check again; every construct is shown once, with comments\n",
        file = target(dir).display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_sources, Options};
    use crate::source::SourceMap;

    #[test]
    fn starter_model_checks_clean() {
        let mut sources = SourceMap::default();
        sources.add("model.ddd".into(), STARTER.to_string());
        let checked = check_sources(sources, Vec::new(), &Options::default());
        assert!(
            checked.outcome.diagnostics.is_empty(),
            "{:#?}",
            checked.outcome.diagnostics
        );
        assert!(checked.model.contexts.len() >= 2);
    }
}
