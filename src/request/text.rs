//! `POST /status/text`.

use serde::Serialize;

use super::fields::Fields;
use super::json::Json;
use super::StatusRequest;
use crate::problem::Problems;
use crate::rules::limits::Limits;
use crate::rules::text::check_text_status;

/// A text status: the text, and optionally a background colour and a font.
///
/// ```
/// use wuts_status::{StatusRequest, TextStatus, Limits};
///
/// let status = TextStatus::new("We are open today from 9am to 6pm.")
///     .background_color("#25D366")
///     .font(1)
///     .normalize(&Limits::default())?;
/// assert_eq!(
///     status.to_json(),
///     r##"{"text":"We are open today from 9am to 6pm.","background_color":"#25D366","font":1}"##
/// );
///
/// let err = TextStatus::new("  ").normalize(&Limits::default()).unwrap_err();
/// assert_eq!(err.to_string(), "text: cannot be empty or only white space");
/// # Ok::<(), wuts_status::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[must_use]
pub struct TextStatus {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    background_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    font: Option<u64>,
}

impl TextStatus {
    /// A text status with `text` and no styling.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            background_color: None,
            font: None,
        }
    }

    /// Sets the background colour, `#RRGGBB` or `#AARRGGBB`.
    pub fn background_color(mut self, color: impl Into<String>) -> Self {
        self.background_color = Some(color.into());
        self
    }

    /// Sets the font, one of WhatsApp's font ids 0, 1, 2, 6, 7, 8, 9, 10.
    pub fn font(mut self, font: u64) -> Self {
        self.font = Some(font);
        self
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The background colour, if set.
    pub fn color(&self) -> Option<&str> {
        self.background_color.as_deref()
    }

    /// The font id, if set.
    pub fn font_id(&self) -> Option<u64> {
        self.font
    }
}

impl StatusRequest for TextStatus {
    const METHOD: &'static str = "POST";
    const PATH: &'static str = "/status/text";

    fn problems(&self, _limits: &Limits) -> Problems {
        check_text_status(
            Some(&self.text),
            self.background_color.as_deref(),
            self.font,
        )
        .err()
        .unwrap_or_default()
    }

    fn normalize(self, limits: &Limits) -> Result<Self, Problems> {
        self.problems(limits).into_result(self)
    }

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
