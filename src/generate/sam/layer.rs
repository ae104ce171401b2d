//! The dependencies layer of a context stack: one `AWS::Serverless::LayerVersion`
//! (`layer/`, `BuildMethod: makefile`) that every function of the context
//! takes through `Globals`, and the `layer/Makefile` `sam build` runs for it.
//!
//! The layer is the function lock (`layer/requirements.txt`,
//! `python/locks.rs`) installed with `pip install --no-deps --require-hashes`:
//! exactly the pinned files, and nothing the Lambda runtime already has
//! (boto3, botocore and their closure, which the lock leaves out). SAM's own
//! Python builder would resolve dependencies again and vendor botocore
//! (aws-xray-sdk requires it), hence the makefile. The wheels are chosen for
//! the functions' Python and architecture (`--platform`, `--python-version`),
//! so any Python with pip can build the layer (`make PYTHON=python3`); the
//! default, the runtime's own, also leaves the bytecode the runtime loads.

use askama::Template;

use crate::model::Architecture;
use crate::model::Model;

use super::names;
use super::yaml::{flow, q, reference};

/// The layer's folder in the context's directory (its `ContentUri`).
pub const DIR: &str = "layer";
/// The logical id the stack's `Namer` is asked for.
pub(super) const LOGICAL_ID: &str = "DependenciesLayer";

/// The layer resource and the functions' `Layers` entry.
pub(super) struct LayerView {
    /// Logical id (also the Makefile's `build-<id>` target).
    pub(super) id: String,
    /// `{"Ref": id}`, in flow form.
    pub(super) reference: String,
    /// `layer/`.
    pub(super) content_uri: String,
    pub(super) description: String,
    pub(super) runtime: String,
    pub(super) architecture: String,
    /// The functions' Python (`3.12`) and pip's platform for their Linux.
    python: String,
    platform: String,
}

pub(super) fn layer(model: &Model, context: &str, id: String) -> LayerView {
    LayerView {
        reference: flow(&reference(&id)),
        content_uri: format!("{DIR}/"),
        id,
        description: q(&format!(
            "{} {context}: the functions' pinned dependencies (layer/requirements.txt)",
            model.system.name
        )),
        runtime: q(&names::lambda_runtime(&model.system.python)),
        architecture: q(model.system.architecture.word()),
        python: model.system.python.clone(),
        platform: platform(model.system.architecture),
    }
}

/// `contexts/<ctx>/layer/Makefile`.
#[derive(Template)]
#[template(path = "sam/layer.mk", escape = "none")]
pub(super) struct Makefile<'a> {
    header: &'a str,
    id: &'a str,
    python: &'a str,
    platform: &'a str,
}

/// The Makefile of the layer `view`.
pub(super) fn makefile(view: &LayerView) -> Result<String, askama::Error> {
    Makefile {
        header: super::OWNED_HEADER,
        id: &view.id,
        python: &view.python,
        platform: &view.platform,
    }
    .render()
}

/// pip's `--platform` for Lambda's Linux on `arch`: manylinux2014 (glibc
/// 2.17), which every Lambda Python runtime's Amazon Linux satisfies.
fn platform(arch: Architecture) -> String {
    let machine = match arch {
        Architecture::Arm64 => "aarch64",
        Architecture::X86_64 => "x86_64",
    };
    format!("manylinux2014_{machine}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_is_lambdas_linux_for_the_architecture() {
        assert_eq!(platform(Architecture::Arm64), "manylinux2014_aarch64");
        assert_eq!(platform(Architecture::X86_64), "manylinux2014_x86_64");
    }
}
