//! Scheduled commands (`command X {..} via queue every 5m`): per command an
//! EventBridge Scheduler schedule that sends the command, with no values, to
//! the command's queue; a role that may send to exactly that queue (and the
//! schedule's own dead-letter queue) through the system key; a retry policy
//! and a dead-letter queue for deliveries that keep failing.

use super::names;
use super::yaml::{flow, get_att, q, reference};
use super::Namer;
use crate::model::{Context, MessageId, Model};
use serde_json::json;
use std::collections::BTreeMap;

/// Retries of one delivery before it goes to the dead-letter queue.
pub const SCHEDULE_RETRIES: u32 = 3;
/// How long a delivery is retried: one hour.
pub const SCHEDULE_MAX_AGE_SECONDS: u32 = 3600;

/// EventBridge Scheduler's context attribute for the time a run was due;
/// it substitutes it in the target's input.
pub(crate) const SCHEDULED_TIME: &str = "<aws.scheduler.scheduled-time>";

/// The message a schedule delivers: the command with no values (every field
/// of a scheduled command is optional, E024) in its `CommandEnvelope`. The
/// `command_id` is the command and the run's scheduled time, so every
/// delivery of one run (Scheduler's retries, SQS's duplicates) is one
/// command and runs once, and the next run is another.
pub(crate) fn payload(command: &str, scheduled_time: &str) -> String {
    json!({
        "command_id": format!("{command}@{scheduled_time}"),
        "command_type": command,
        "sent_at": scheduled_time,
        "data": {},
    })
    .to_string()
}

/// The resources of the context's schedules, as YAML (empty without any).
/// `queues` are the parameters holding the ARNs of the context's command queues.
pub(super) fn resources(
    model: &Model,
    ctx: &Context,
    ids: &mut Namer,
    key: &str,
    queues: &BTreeMap<MessageId, String>,
) -> String {
    let mut out = String::new();
    for &mid in &ctx.messages {
        let m = model.message(mid);
        let (Some(s), Some(queue)) = (&m.schedule, queues.get(&mid)) else {
            continue;
        };
        let Ok(expression) = s.expression() else {
            continue;
        };
        let base = names::logical_id(&[&m.name]);
        let id = ids.take(&format!("{base}Schedule"));
        let role = ids.take(&format!("{base}ScheduleRole"));
        let dlq = ids.take(&format!("{base}ScheduleDeadLetterQueue"));
        let queue_arn = flow(&reference(queue));
        let dlq_arn = flow(&get_att(&dlq, "Arn"));
        let key = flow(&reference(key));
        let assume = flow(&json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": "scheduler.amazonaws.com" },
                "Action": "sts:AssumeRole",
                "Condition": { "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } },
            }],
        }));
        let description = q(&format!(
            "{}: sends the {} command {expression}",
            ctx.name, m.name
        ));
        out.push_str(&format!(
            r#"

  {dlq}:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: {key}
      MessageRetentionPeriod: 1209600

  {role}:
    Type: AWS::IAM::Role
    Properties:
      Description: {role_description}
      AssumeRolePolicyDocument: {assume}
      Policies:
        - PolicyName: {role}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: SendTheCommand
                Effect: Allow
                Action:
                  - "sqs:SendMessage"
                Resource:
                  - {queue_arn}
                  - {dlq_arn}
              - Sid: UseSystemKey
                Effect: Allow
                Action:
                  - "kms:Decrypt"
                  - "kms:GenerateDataKey"
                Resource:
                  - {key}

  {id}:
    Type: AWS::Scheduler::Schedule
    Properties:
      Description: {description}
      ScheduleExpression: {expr}
      ScheduleExpressionTimezone: UTC
      FlexibleTimeWindow:
        Mode: "OFF"
      State: ENABLED
      KmsKeyArn: {key}
      Target:
        Arn: {queue_arn}
        RoleArn: {role_arn}
        Input: {input}
        RetryPolicy:
          MaximumEventAgeInSeconds: {SCHEDULE_MAX_AGE_SECONDS}
          MaximumRetryAttempts: {SCHEDULE_RETRIES}
        DeadLetterConfig:
          Arn: {dlq_arn}"#,
            role_description = q(&format!(
                "Lets the {} schedule send only that command",
                m.name
            )),
            expr = q(&expression),
            role_arn = flow(&get_att(&role, "Arn")),
            input = q(&payload(&m.name, SCHEDULED_TIME)),
        ));
    }
    out
}
