//! `POST /status/media`.

use serde::Serialize;

use super::fields::Fields;
use super::json::Json;
use super::{parse_value, string_token, RequestBuilder, StatusRequest, Wire};
use crate::problem::{Problem, ProblemCode, Problems};
use crate::rules::base64;
use crate::rules::limits::Limits;
use crate::rules::media::{
    check_media_bytes, check_media_status, check_media_type, check_mime_type, MediaFields,
    MediaType,
};

/// An image or video status, validated: inline as base64 or as a URL the backend downloads.
/// Made by a [`MediaStatusBuilder`] ([`MediaStatus::from_url`], [`MediaStatus::from_base64`],
/// [`MediaStatus::from_data_url`], [`MediaStatus::from_bytes`]), or read from a body
/// ([`StatusRequest::from_json`]).
///
/// ```
/// use wuts_status::{Limits, MediaStatus, MediaType, RequestBuilder, StatusRequest};
///
/// let png = MediaStatus::from_data_url("data:image/png;base64,iVBORw0KGgo=")?
///     .caption("new menu")
///     .build(&Limits::default())?;
/// assert_eq!(png.media_type(), MediaType::Image);
/// assert_eq!(
///     png.to_json(),
///     r#"{"data":"iVBORw0KGgo=","mime_type":"image/png","caption":"new menu"}"#
/// );
///
/// let err = MediaStatus::from_url("http://169.254.169.254/latest/")
///     .mime_type("image/png")
///     .build(&Limits::default())
///     .unwrap_err();
/// assert_eq!(err.as_slice()[0].field, "url");
/// # Ok::<(), wuts_status::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediaStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mime_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media_type: Option<MediaType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<String>,
}

/// A media status being built: one of [`MediaStatus`]'s constructors, the setters, then
/// [`build`](RequestBuilder::build).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct MediaStatusBuilder(MediaStatus);

impl MediaStatus {
    fn empty() -> Self {
        Self {
            data: None,
            url: None,
            mime_type: None,
            media_type: None,
            caption: None,
        }
    }

    /// Inline media: standard padded base64 of the file, and its mime type.
    pub fn from_base64(
        data: impl Into<String>,
        mime_type: impl Into<String>,
    ) -> MediaStatusBuilder {
        MediaStatusBuilder(Self {
            data: Some(data.into()),
            mime_type: Some(mime_type.into()),
            ..Self::empty()
        })
    }

    /// Inline media from a `data:<mime type>;base64,<data>` URL, split into its two fields.
    pub fn from_data_url(data_url: &str) -> Result<MediaStatusBuilder, Problems> {
        let bad = |why: &str| Problems::from(Problem::new("data", ProblemCode::Invalid, why));
        let rest = data_url
            .get(..5)
            .filter(|scheme| scheme.eq_ignore_ascii_case("data:"))
            .and_then(|_| data_url.get(5..))
            .ok_or_else(|| bad("is not a data URL: it must start with data:"))?;
        let (meta, data) = rest
            .split_once(',')
            .ok_or_else(|| bad("is not a data URL: it has no ',' before the data"))?;
        let mut params = meta.split(';');
        let mime_type = params.next().unwrap_or_default();
        if !params.any(|p| p.eq_ignore_ascii_case("base64")) {
            return Err(bad(
                "is a data URL without ;base64: only base64 data URLs are accepted",
            ));
        }
        Ok(Self::from_base64(data, mime_type))
    }

    /// Media the backend downloads from `url`. Give
    /// [`mime_type`](MediaStatusBuilder::mime_type) or
    /// [`media_type`](MediaStatusBuilder::media_type) too.
    pub fn from_url(url: impl Into<String>) -> MediaStatusBuilder {
        MediaStatusBuilder(Self {
            url: Some(url.into()),
            ..Self::empty()
        })
    }

    /// Inline media from the file's bytes: the mime type is sniffed from them and the bytes are
    /// base64-encoded. Bytes of no accepted type are rejected.
    pub fn from_bytes(bytes: &[u8]) -> Result<MediaStatusBuilder, Problems> {
        let mime_type = check_media_bytes(bytes)?;
        Ok(Self::from_base64(base64::encode(bytes), mime_type))
    }

    /// The inline base64 data, if the media is inline.
    pub fn data(&self) -> Option<&str> {
        self.data.as_deref()
    }

    /// The URL, if the backend downloads the media.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The mime type (lower-case), if given.
    pub fn mime_type(&self) -> Option<&str> {
        self.mime_type.as_deref()
    }

    /// Image or video: the `media_type` given, else the one the mime type implies.
    pub fn media_type(&self) -> MediaType {
        self.media_type
            .or_else(|| self.mime_type.as_deref().and_then(MediaType::of_mime))
            // A valid status has a mime type of an accepted kind, or a media_type.
            .unwrap_or(MediaType::Image)
    }

    /// The caption, if any.
    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    /// The wire's `media_type`: only the one given, never the one [`media_type`](Self::media_type)
    /// infers.
    #[cfg(feature = "browser")]
    pub(crate) fn wire_media_type(&self) -> Option<MediaType> {
        self.media_type
    }

    /// The request's fields, as the rules read them.
    fn fields(&self) -> MediaFields<'_> {
        MediaFields {
            data: self.data.as_deref(),
            url: self.url.as_deref(),
            mime_type: self.mime_type.as_deref(),
            media_type: self.media_type,
            caption: self.caption.as_deref(),
        }
    }
}

impl MediaStatusBuilder {
    /// The request as it goes on the wire: every rule checked, then in canonical form; or
    /// every problem at once.
    pub fn build(self, limits: &Limits) -> Result<MediaStatus, Problems> {
        let problems = self.problems(limits);
        let mut status = self.0;
        if let Some(mime) = status.mime_type.as_deref() {
            status.mime_type = check_mime_type(mime).ok().map(str::to_owned);
        }
        problems.into_result(status)
    }

    /// Sets the mime type: one of [`MIME_TYPES`](crate::rules::media::MIME_TYPES).
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.0.mime_type = Some(mime_type.into());
        self
    }

    /// Sets whether this is an image or a video; inferred from the mime type when not set.
    pub fn media_type(mut self, media_type: MediaType) -> Self {
        self.0.media_type = Some(media_type);
        self
    }

    /// Sets the caption, at most 1,024 characters.
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.0.caption = Some(caption.into());
        self
    }

    /// The status as given so far, not validated.
    #[cfg(feature = "browser")]
    pub(crate) fn as_given(&self) -> &MediaStatus {
        &self.0
    }
}

impl RequestBuilder for MediaStatusBuilder {
    type Request = MediaStatus;

    fn problems(&self, limits: &Limits) -> Problems {
        check_media_status(self.0.fields(), limits)
            .err()
            .unwrap_or_default()
    }

    fn build(self, limits: &Limits) -> Result<MediaStatus, Problems> {
        MediaStatusBuilder::build(self, limits)
    }
}

/// A status already built, to build again (under other limits, say).
impl From<MediaStatus> for MediaStatusBuilder {
    fn from(status: MediaStatus) -> Self {
        Self(status)
    }
}

/// The fields of an untrusted media body, as strings of any kind: borrowed from the body (so
/// its base64 is checked where it lies, not copied first), or owned (read from a JavaScript
/// value).
#[derive(Debug)]
struct MediaParts<S> {
    data: Option<S>,
    url: Option<S>,
    mime_type: Option<S>,
    media_type: Option<MediaType>,
    caption: Option<S>,
}

impl<S: AsRef<str>> MediaParts<S> {
    /// The fields, as the rules read them.
    fn fields(&self) -> MediaFields<'_> {
        MediaFields {
            data: self.data.as_ref().map(AsRef::as_ref),
            url: self.url.as_ref().map(AsRef::as_ref),
            mime_type: self.mime_type.as_ref().map(AsRef::as_ref),
            media_type: self.media_type,
            caption: self.caption.as_ref().map(AsRef::as_ref),
        }
    }

    /// Reads an untrusted body's fields and checks them: every problem, or the fields.
    fn read<J: Json<Str = S>>(body: J, limits: &Limits) -> Result<Self, Problems> {
        let mut fields = Fields::new(body, &["data", "url", "mime_type", "media_type", "caption"])?;
        let media_type = fields
            .string("media_type")
            .and_then(|name| fields.check(check_media_type(name.as_ref())));
        let parts = Self {
            data: fields.string("data"),
            url: fields.string("url"),
            mime_type: fields.string("mime_type"),
            media_type,
            caption: fields.string("caption"),
        };
        // A url or media_type rejected for its value was still given: asking for data, or for
        // a mime_type "unless media_type is given", would only repeat that problem.
        let rules: Vec<Problem> = check_media_status(parts.fields(), limits)
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|p| {
                let noise = match p.field.as_str() {
                    "data" => fields.has_problem("url"),
                    "mime_type" => parts.data.is_none() && fields.has_problem("media_type"),
                    _ => false,
                };
                !(p.code == ProblemCode::Required && noise)
            })
            .collect();
        fields.merge(rules.into()).into_result(parts)
    }

    /// Valid fields as a request in canonical form: the mime type lower-cased.
    fn into_status(self) -> MediaStatus
    where
        S: Into<String>,
    {
        let mime_type = self
            .mime_type
            .map(|mime| match check_mime_type(mime.as_ref()) {
                Ok(canonical) => canonical.to_owned(),
                Err(_) => mime.into(),
            });
        MediaStatus {
            data: self.data.map(Into::into),
            url: self.url.map(Into::into),
            mime_type,
            media_type: self.media_type,
            caption: self.caption.map(Into::into),
        }
    }
}

impl StatusRequest for MediaStatus {
    const METHOD: &'static str = "POST";
    const PATH: &'static str = "/status/media";
    type Builder = MediaStatusBuilder;

    fn from_json<J: Json>(body: J, limits: &Limits) -> Result<Self, Problems> {
        // Already validated: normalizing again would decode the base64 a second time.
        MediaParts::read(body, limits).map(MediaParts::into_status)
    }

    /// Inline data goes on as it came: the wire body is the body's own `data` string between
    /// a rewritten head and tail, so megabytes of base64 are neither copied nor re-encoded.
    fn check_body(body: &[u8], limits: &Limits) -> Result<Wire, Problems> {
        wire_within(&parse_value(body)?, body, limits)
    }
}

/// The wire body of the media status `value`, read from `body` (the whole body, or one that
/// holds the status, as a schedule's does): inline data that lies in `body` as written is
/// kept there, the rest written anew (see [`Wire`]).
pub(crate) fn wire_within(
    value: &serde_json_borrow::Value<'_>,
    body: &[u8],
    limits: &Limits,
) -> Result<Wire, Problems> {
    let mut parts = MediaParts::read(value, limits)?;
    // The data is kept when it lies in the body as written: not when it had escapes.
    match parts.data.and_then(|data| string_token(body, data)) {
        Some(kept) => {
            parts.data = None;
            // Data and a url conflict, and data needs a mime type: the rest is never empty.
            let rest = parts.into_status().to_json();
            Ok(Wire {
                head: r#"{"data":"#.to_owned(),
                kept,
                tail: rest.replacen('{', ",", 1),
            })
        }
        None => Ok(Wire::whole(parts.into_status().to_json())),
    }
}
