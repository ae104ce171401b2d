//! The root files of the Python side: `pyproject.toml` (ruff, mypy strict,
//! pytest with every context's `src` on the path), `requirements.txt`,
//! `requirements-dev.txt` (the direct requirements; their locks are
//! [`super::locks`]).

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

pub fn requirements() -> String {
    RequirementsTxt {
        header: OWNED_HEADER,
        note: "; each context's\n# `src/requirements.txt` is their pinned, hashed lock, which `sam build` installs.\n# boto3 comes with the Lambda runtime and is pinned in requirements-dev.txt.",
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
