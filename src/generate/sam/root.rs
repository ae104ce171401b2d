//! The root stack: nests the messaging stack and every context stack.

use super::*;

pub(super) struct RootIds {
    pub(super) messaging: String,
    pub(super) contexts: BTreeMap<ContextId, String>,
}

pub(super) fn root_ids(model: &Model) -> RootIds {
    let mut ids = Namer::default();
    let messaging = ids.take("Messaging");
    let contexts = model
        .contexts
        .iter()
        .map(|c| (c.id, ids.take(&names::logical_id(&[&c.name, "Context"]))))
        .collect();
    RootIds {
        messaging,
        contexts,
    }
}

#[derive(Template)]
#[template(path = "sam/root.yaml")]
pub(super) struct RootView {
    pub(super) header: String,
    pub(super) description: String,
    /// Values the root takes itself and hands to context stacks.
    pub(super) params: Vec<ParamView>,
    pub(super) messaging_id: String,
    pub(super) messaging_location: String,
    pub(super) stage: super::stages::StageParam,
    /// The opt-in account setting, when any context has an API.
    pub(super) api_account: Option<super::stages::ApiAccountView>,
    /// What the root passes to the messaging stack: its own parameters.
    pub(super) messaging_params: Vec<(String, String)>,
    pub(super) stacks: Vec<StackView>,
    pub(super) outputs: Vec<OutputView>,
    /// The one entry point and its WAF (`entry.rs`).
    pub(super) entry: Option<super::entry::Entry>,
    /// The `AlarmTopicArn` parameter, when a context stack takes it.
    pub(super) alarm_topic: Option<&'static str>,
}

pub(super) struct StackView {
    pub(super) id: String,
    pub(super) location: String,
    pub(super) params: Vec<(String, String)>,
}

pub(super) fn root_view(
    model: &Model,
    ids: &RootIds,
    stacks: &[(&Context, Vec<Param>, bool)],
) -> RootView {
    let topic = json!({ "Ref": super::alarms::ALARM_TOPIC_PARAM });
    let alarm_topic = stacks
        .iter()
        .any(|(_, params, _)| params.iter().any(|p| p.root_value == topic))
        .then_some(super::alarms::ALARM_TOPIC_PARAM);
    let any_api = stacks.iter().any(|(_, _, api)| *api);
    let mut output_ids = Namer::default();
    let mut outputs = Vec::new();
    let views = stacks
        .iter()
        .map(|(ctx, params, has_api)| {
            let id = ids.contexts[&ctx.id].clone();
            if *has_api {
                outputs.push(OutputView {
                    id: output_ids.take(&names::logical_id(&[&ctx.name, "ApiUrl"])),
                    description: q(&limit(&format!("Base URL of the {} API", ctx.name), 1000)),
                    value: flow(&get_att(&id, "Outputs.ApiUrl")),
                });
            }
            outputs.push(OutputView {
                id: output_ids.take(&names::logical_id(&[&ctx.name, "TableName"])),
                description: q(&limit(
                    &format!("DynamoDB table of the {} context", ctx.name),
                    1000,
                )),
                value: flow(&get_att(&id, "Outputs.TableName")),
            });
            StackView {
                location: q(&format!("{}/template.yaml", names::context_dir(&ctx.name))),
                params: params
                    .iter()
                    .map(|p| (p.name.clone(), flow(&p.root_value)))
                    .collect(),
                id,
            }
        })
        .collect();
    RootView {
        header: OWNED_HEADER.to_string(),
        description: q(&limit(
            &format!(
                "{}: the whole system (messaging stack and one stack per bounded context)",
                model.system.name
            ),
            1000,
        )),
        params: auth::root_params(stacks),
        messaging_id: ids.messaging.clone(),
        messaging_location: q("messaging/template.yaml"),
        stage: super::stages::stage_param(),
        messaging_params: std::iter::once(super::stages::STAGE)
            .chain(any_api.then_some(super::stages::API_ACCOUNT_PARAM))
            .map(|p| (p.to_string(), flow(&reference(p))))
            .collect(),
        api_account: any_api.then(super::stages::api_account),
        stacks: views,
        outputs,
        entry: None,
        alarm_topic,
    }
}
