//! CloudWatch alarms of a context stack: every dead-letter queue holding a
//! message, every function's errors and throttles, the API's 5xx answers.
//! Each notifies the SNS topic the root stack's `AlarmTopicArn` parameter
//! names; when that is empty the alarms still exist and change state, but
//! notify nobody (condition `HasAlarmTopic`). Conventions:
//! `docs/generation.md` ("Alarms").

use super::*;

/// The root stack's parameter, and every context stack's that has alarms.
pub(super) const ALARM_TOPIC_PARAM: &str = "AlarmTopicArn";
/// The condition an alarm's actions depend on.
pub(super) const HAS_ALARM_TOPIC: &str = "HasAlarmTopic";

pub(super) struct AlarmView {
    pub(super) id: String,
    pub(super) description: String,
    pub(super) namespace: String,
    pub(super) metric: String,
    pub(super) dimensions: Vec<(String, String)>,
    pub(super) statistic: String,
}

/// The alarms of a context stack and the condition they notify under.
pub(super) struct AlarmsView {
    pub(super) condition: String,
    pub(super) actions: String,
    pub(super) alarms: Vec<AlarmView>,
}

/// A dead-letter queue to watch: what it is, and its name (a flow value).
pub(super) struct DeadLetterQueue {
    pub(super) what: String,
    pub(super) base: String,
    pub(super) name: Value,
}

pub(super) struct Watched<'a> {
    pub(super) context: &'a str,
    /// Function logical ids.
    pub(super) functions: Vec<&'a str>,
    /// The API: its logical id and its `Name` (a flow value).
    pub(super) api: Option<(&'a str, Value)>,
    pub(super) dlqs: Vec<DeadLetterQueue>,
}

/// The alarms; `None` when there is nothing to watch. Their ids are taken
/// from `ids` after every other resource's, so no other id moves.
pub(super) fn alarms(ids: &mut Namer, w: &Watched, topic_param: &str) -> Option<AlarmsView> {
    let mut alarms = Vec::new();
    let alarm = |id: String, description: String, namespace: &str, metric: &str| AlarmView {
        id,
        description: q(&limit(&description, 1024)),
        namespace: q(namespace),
        metric: q(metric),
        dimensions: Vec::new(),
        statistic: q("Sum"),
    };
    for d in &w.dlqs {
        let mut a = alarm(
            ids.take(&format!("{}Alarm", d.base)),
            format!(
                "{}: a message is in the dead-letter queue of {}",
                w.context, d.what
            ),
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
        );
        a.statistic = q("Maximum");
        a.dimensions.push((q("QueueName"), flow(&d.name)));
        alarms.push(a);
    }
    for f in &w.functions {
        for (metric, what) in [("Errors", "failed"), ("Throttles", "was throttled")] {
            let mut a = alarm(
                ids.take(&format!("{f}{metric}Alarm")),
                format!("{}: function {f} {what}", w.context),
                "AWS/Lambda",
                metric,
            );
            a.dimensions.push((q("FunctionName"), flow(&reference(f))));
            alarms.push(a);
        }
    }
    if let Some((api, name)) = &w.api {
        let mut a = alarm(
            ids.take(&format!("{api}ServerErrorsAlarm")),
            format!("{}: the HTTP API answered 5xx", w.context),
            "AWS/ApiGateway",
            "5XXError",
        );
        a.dimensions.push((q("ApiName"), flow(name)));
        a.dimensions.push((q("Stage"), q(STAGE)));
        alarms.push(a);
    }
    if alarms.is_empty() {
        return None;
    }
    let topic = reference(topic_param);
    Some(AlarmsView {
        condition: flow(&json!({ "Fn::Not": [{ "Fn::Equals": [topic, ""] }] })),
        actions: flow(&json!({
            "Fn::If": [HAS_ALARM_TOPIC, [topic], { "Ref": "AWS::NoValue" }]
        })),
        alarms,
    })
}
