//! The root files of the Python side: `pyproject.toml` (ruff, mypy strict,
//! pytest with every context's `src` on the path), `requirements.txt`,
//! `requirements-dev.txt`, and each context's `src/requirements.txt` (what
//! `sam build` installs into the functions).

use crate::generate::names::{context_dir, py_package};
use crate::generate::OWNED_HEADER;
use crate::model::Model;
use askama::Template;

#[derive(Template)]
#[template(path = "python/project/pyproject.toml")]
pub struct PyprojectToml {
    pub header: &'static str,
    pub src_dirs: Vec<String>,
    pub packages: Vec<String>,
}

#[derive(Template)]
#[template(path = "python/project/requirements.txt")]
pub struct RequirementsTxt {
    pub header: &'static str,
    pub note: &'static str,
}

#[derive(Template)]
#[template(path = "python/project/requirements-dev.txt")]
pub struct RequirementsDevTxt {
    pub header: &'static str,
}

pub fn pyproject(model: &Model) -> String {
    PyprojectToml {
        header: OWNED_HEADER,
        src_dirs: model
            .contexts
            .iter()
            .map(|c| format!("{}/src", context_dir(&c.name)))
            .collect(),
        packages: model.contexts.iter().map(|c| py_package(&c.name)).collect(),
    }
    .render()
    .expect("pyproject renders")
}

pub fn requirements(for_function: bool) -> String {
    RequirementsTxt {
        header: OWNED_HEADER,
        note: if for_function {
            " (`sam build` installs them into\n# every function of this context; boto3 comes with the runtime but is pinned\n# here for local runs)."
        } else {
            "; each context's\n# `src/requirements.txt` holds the same list for `sam build`."
        },
    }
    .render()
    .expect("requirements renders")
}

pub fn requirements_dev() -> String {
    RequirementsDevTxt {
        header: OWNED_HEADER,
    }
    .render()
    .expect("requirements-dev renders")
}
