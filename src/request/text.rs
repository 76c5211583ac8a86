//! `POST /status/text`.

use serde::Serialize;

use super::fields::Fields;
use super::json::Json;
use super::{RequestBuilder, StatusRequest};
use crate::problem::Problems;
use crate::rules::limits::Limits;
use crate::rules::text::check_text_status;

/// A text status, validated: the text, and optionally a background colour and a font. Made by
/// [`TextStatus::builder`], or read from a body ([`StatusRequest::from_json`]).
///
/// ```
/// use wuts_status::{Limits, RequestBuilder, StatusRequest, TextStatus};
///
/// let status = TextStatus::builder("We are open today from 9am to 6pm.")
///     .background_color("#25D366")
///     .font(1)
///     .build(&Limits::default())?;
/// assert_eq!(status.font(), Some(1));
/// assert_eq!(
///     status.to_json(),
///     r##"{"text":"We are open today from 9am to 6pm.","background_color":"#25D366","font":1}"##
/// );
///
/// let err = TextStatus::builder("  ").build(&Limits::default()).unwrap_err();
/// assert_eq!(err.to_string(), "text: cannot be empty or only white space");
/// # Ok::<(), wuts_status::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextStatus {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    background_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    font: Option<u64>,
}

/// A text status being built: [`TextStatus::builder`], the setters, then
/// [`build`](RequestBuilder::build).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct TextStatusBuilder(TextStatus);

impl TextStatus {
    /// A builder for a text status with `text` and no styling.
    pub fn builder(text: impl Into<String>) -> TextStatusBuilder {
        TextStatusBuilder(Self {
            text: text.into(),
            background_color: None,
            font: None,
        })
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The background colour, if set.
    pub fn background_color(&self) -> Option<&str> {
        self.background_color.as_deref()
    }

    /// The font id, if set.
    pub fn font(&self) -> Option<u64> {
        self.font
    }
}

impl TextStatusBuilder {
    /// The request as it goes on the wire: every rule checked, then in canonical form; or
    /// every problem at once.
    pub fn build(self, limits: &Limits) -> Result<TextStatus, Problems> {
        self.problems(limits).into_result(self.0)
    }

    /// Sets the background colour, `#RRGGBB` or `#AARRGGBB`.
    pub fn background_color(mut self, color: impl Into<String>) -> Self {
        self.0.background_color = Some(color.into());
        self
    }

    /// Sets the font, one of WhatsApp's font ids 0, 1, 2, 6, 7, 8, 9, 10.
    pub fn font(mut self, font: u64) -> Self {
        self.0.font = Some(font);
        self
    }

    /// The status as given so far, not validated.
    #[cfg(all(feature = "browser", test))]
    pub(crate) fn as_given(&self) -> &TextStatus {
        &self.0
    }
}

impl RequestBuilder for TextStatusBuilder {
    type Request = TextStatus;

    fn problems(&self, _limits: &Limits) -> Problems {
        let status = &self.0;
        check_text_status(
            Some(&status.text),
            status.background_color.as_deref(),
            status.font,
        )
        .err()
        .unwrap_or_default()
    }

    fn build(self, limits: &Limits) -> Result<TextStatus, Problems> {
        TextStatusBuilder::build(self, limits)
    }
}

/// A status already built, to build again (under other limits, say).
impl From<TextStatus> for TextStatusBuilder {
    fn from(status: TextStatus) -> Self {
        Self(status)
    }
}

impl StatusRequest for TextStatus {
    const METHOD: &'static str = "POST";
    const PATH: &'static str = "/status/text";
    type Builder = TextStatusBuilder;

    fn from_json<J: Json>(body: J, _limits: &Limits) -> Result<Self, Problems> {
        let mut fields = Fields::new(body, &["text", "background_color", "font"])?;
        let text: Option<String> = fields.string("text").map(Into::into);
        let background_color: Option<String> = fields.string("background_color").map(Into::into);
        let font = fields.unsigned("font");
        let rules = check_text_status(text.as_deref(), background_color.as_deref(), font)
            .err()
            .unwrap_or_default();
        let status = Self {
            text: text.unwrap_or_default(),
            background_color,
            font,
        };
        fields.merge(rules).into_result(status)
    }
}
