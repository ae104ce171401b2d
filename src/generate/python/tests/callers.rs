//! How the generated API tests present each route's caller: the proxy event
//! carries what API Gateway passes once it has let the caller in
//! (`templates/python/tests/test_api.py`, `http_event(..., caller=...)`).

use crate::generate::contracts::security::{access, Access};
use crate::model::{Message, MessageId};
use std::collections::BTreeSet;

/// The `caller` argument of `http_event` for a route, or `None` for the
/// default (a user pool token); `called` from `security::called`.
pub(super) fn caller(m: &Message, called: &BTreeSet<MessageId>) -> Option<&'static str> {
    match access(m, called) {
        Access::Token => None,
        Access::SigV4 => Some("sigv4"),
        Access::Public => Some("anonymous"),
    }
}
