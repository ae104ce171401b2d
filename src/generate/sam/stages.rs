//! Stages: every stack takes a `Stage` parameter (default `dev`) that the root
//! stack passes down, so that two stages of one system coexist in one account
//! and region. Every resource with a name of its own carries the stage
//! (`<system>-<stage>-…`); every other resource is left unnamed, so
//! CloudFormation names it after its stack. The account-wide API Gateway
//! logging role is opt-in (`ManageApiGatewayAccount`, off by default), so no
//! stage overwrites another's account setting. `samconfig.toml` holds a `dev`
//! and a `prod` environment.

use askama::Template;
use serde_json::Value;

use super::names;
use super::yaml::{q, sub};

/// The stage parameter of every stack.
pub const STAGE: &str = "Stage";
/// The environment variable that tells every function its stage.
pub const STAGE_ENV: &str = "STAGE";
/// The stage a stack deploys as when none is given.
pub const DEFAULT_STAGE: &str = "dev";
/// The stages `samconfig.toml` has an environment for, the default first.
pub const STAGES: &[&str] = &["dev", "prod"];
/// Opts a stage into setting the account's API Gateway logging role.
pub const API_ACCOUNT_PARAM: &str = "ManageApiGatewayAccount";
/// The condition on the account-wide resources of the messaging stack.
pub const API_ACCOUNT_CONDITION: &str = "ManagesApiGatewayAccount";

/// The `Stage` parameter as every template declares it
/// (`templates/sam/stage_parameter.yaml`).
pub struct StageParam {
    pub name: &'static str,
    pub default: String,
    pub pattern: String,
    pub description: String,
}

pub fn stage_param() -> StageParam {
    StageParam {
        name: STAGE,
        default: q(DEFAULT_STAGE),
        // Short and lower case: it goes into resource names with length limits.
        pattern: q("^[a-z][a-z0-9-]{0,15}$"),
        description: q(
            "Deployment stage (dev, prod, ...): named resources carry it, so stages coexist in one account",
        ),
    }
}

/// A resource name that carries the stage: `<system>-${Stage}-<suffix>`.
pub fn staged_name(system: &str, suffix: &str) -> Value {
    sub(&staged(system, suffix))
}

/// A KMS alias that carries the stage: `alias/<system>-${Stage}-<suffix>`.
pub fn staged_alias(system: &str, suffix: &str) -> Value {
    sub(&format!("alias/{}", staged(system, suffix)))
}

fn staged(system: &str, suffix: &str) -> String {
    format!("{}-${{{STAGE}}}-{suffix}", names::kebab(system))
}

/// The opt-in account setting of the messaging stack (and the root's
/// parameter of the same name).
pub struct ApiAccountView {
    pub param: &'static str,
    pub condition: &'static str,
    /// The condition's test, a flow value.
    pub test: String,
    pub description: String,
}

pub fn api_account() -> ApiAccountView {
    ApiAccountView {
        param: API_ACCOUNT_PARAM,
        condition: API_ACCOUNT_CONDITION,
        test: super::yaml::flow(&serde_json::json!({
            "Fn::Equals": [{ "Ref": API_ACCOUNT_PARAM }, "true"]
        })),
        description: q(API_ACCOUNT_DESCRIPTION),
    }
}

pub const API_ACCOUNT_DESCRIPTION: &str =
    "true: set this account's API Gateway CloudWatch logging role (account-wide: \
     in one stage only, and only if the account has none yet; the APIs' access logs need it)";

/// The tree's `.gitignore`: what `sam build`, the venvs and the tools leave.
pub const GITIGNORE: &str = include_str!("../../../templates/sam/gitignore");

#[derive(Template)]
#[template(path = "sam/samconfig.toml")]
struct SamconfigToml {
    envs: Vec<Env>,
}

struct Env {
    /// The config environment (`default` is the one `sam deploy` reads).
    name: String,
    stage: String,
    stack: String,
    confirm: bool,
    api_account: bool,
}

/// The user's `samconfig.toml` and `.gitignore` at the root of the tree,
/// written once (`sam deploy --guided` writes into the first). The Python
/// side emits them with its root files, so that `sam::files` is only templates.
pub fn deploy_files(model: &crate::model::Model) -> Vec<super::OutFile> {
    let any_api = model.contexts.iter().any(|c| super::has_http(model, c));
    let user = |path: &str, content: String| super::OutFile {
        path: path.to_string(),
        content,
        owner: super::Owner::User,
        context: None,
    };
    vec![
        user("samconfig.toml", samconfig(&model.system.name, any_api)),
        user(".gitignore", GITIGNORE.to_string()),
    ]
}

/// `samconfig.toml`: one environment per stage; `default` deploys `dev`.
pub fn samconfig(system: &str, any_api: bool) -> String {
    let env = |name: &str, stage: &str| Env {
        name: name.to_string(),
        stage: stage.to_string(),
        stack: format!("{}-{stage}", names::kebab(system)),
        confirm: stage != DEFAULT_STAGE,
        api_account: any_api,
    };
    let mut envs = vec![env("default", DEFAULT_STAGE)];
    envs.extend(STAGES.iter().map(|s| env(s, s)));
    let mut text = SamconfigToml { envs }.render().expect("samconfig renders");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samconfig_has_every_stage_and_the_default_is_dev() {
        let text = samconfig("RetailShop", true);
        for s in STAGES {
            assert!(text.contains(&format!("[{s}.deploy.parameters]")), "{text}");
            assert!(
                text.contains(&format!("stack_name = \"retail-shop-{s}\"")),
                "{text}"
            );
        }
        assert!(text.contains("[default.deploy.parameters]\nstack_name = \"retail-shop-dev\""));
    }

    #[test]
    fn staged_names_carry_the_stage() {
        assert_eq!(
            staged_name("RetailShop", "events"),
            serde_json::json!({"Fn::Sub": "retail-shop-${Stage}-events"})
        );
    }
}
