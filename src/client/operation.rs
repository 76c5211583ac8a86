//! What the client can send, and what each answer is read as.

use crate::envelope::SuccessBody;
use crate::request::StatusRequest;
use crate::{MediaStatus, PrivacyUpdated, Published, StatusPrivacy, TextStatus};

/// A request the client sends: its answer type, and whether sending it twice is harmless.
///
/// Implemented for [`TextStatus`], [`MediaStatus`] and [`StatusPrivacy`].
pub trait Operation: StatusRequest {
    /// What a `success: true` answer is read as.
    type Answer: for<'a> SuccessBody<&'a serde_json::Value>;
    /// Whether the request may be sent again without effect (a privacy update), so network
    /// errors and gateway errors are retried. A publish is not: a repeat posts twice.
    const IDEMPOTENT: bool;
}

impl Operation for TextStatus {
    type Answer = Published;
    const IDEMPOTENT: bool = false;
}

impl Operation for MediaStatus {
    type Answer = Published;
    const IDEMPOTENT: bool = false;
}

impl Operation for StatusPrivacy {
    type Answer = PrivacyUpdated;
    const IDEMPOTENT: bool = true;
}
