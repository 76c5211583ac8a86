//! Media rules: accepted mime types, `media_type` inference and agreement, the checks on
//! inline data (base64, signature, size), and how the fields of a media status go together.

use serde::{Deserialize, Serialize};

use super::base64;
use super::limits::{Limits, MAX_CAPTION_CHARS};
use super::sniff;
use super::text::check_length;
use super::url::check_url;
use crate::message::Quoted;
use crate::message::{msg, Joined};
use crate::problem::{Problem, ProblemCode, Problems};

/// The mime types WUTS accepts, in the order error messages list them.
pub const MIME_TYPES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "video/mp4",
    "video/3gpp",
];

/// Whether a media status is a picture or a film.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    /// A picture: `image/*`.
    Image,
    /// A film: `video/*`.
    Video,
}

impl MediaType {
    /// The wire name: `image` or `video`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
        }
    }

    /// The wire name parsed; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "image" => Some(Self::Image),
            "video" => Some(Self::Video),
            _ => None,
        }
    }

    /// The kind a mime type belongs to, from its top-level type.
    pub fn of_mime(mime_type: &str) -> Option<Self> {
        match mime_type.split_once('/')?.0 {
            "image" => Some(Self::Image),
            "video" => Some(Self::Video),
            _ => None,
        }
    }

    /// The largest decoded size `limits` allow for this kind.
    pub fn max_bytes(self, limits: &Limits) -> usize {
        match self {
            Self::Image => limits.max_image_bytes,
            Self::Video => limits.max_video_bytes,
        }
    }
}

/// A file's bytes (its first [`SNIFF_LEN`](super::sniff::SNIFF_LEN) are enough) as media:
/// the accepted mime type they are, or why they cannot be sent.
pub fn check_media_bytes(bytes: &[u8]) -> Result<&'static str, Problem> {
    sniff::sniff(bytes).ok_or_else(|| {
        let message = sniff::refusal(bytes)
            .unwrap_or("is not a JPEG, PNG or WebP image, nor an MP4 or 3GPP video");
        Problem::new("data", ProblemCode::Unsupported, message)
    })
}

/// A `media_type`, by its wire name.
pub fn check_media_type(name: &str) -> Result<MediaType, Problem> {
    MediaType::parse(name).ok_or_else(|| {
        Problem::new(
            "media_type",
            ProblemCode::Invalid,
            msg!(Quoted(name), " is not a media type: use image or video"),
        )
    })
}

/// The canonical (lower-case) form of an accepted mime type, or the problem with it.
pub fn check_mime_type(mime_type: &str) -> Result<&'static str, Problem> {
    MIME_TYPES
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(mime_type))
        .ok_or_else(|| {
            Problem::new(
                "mime_type",
                ProblemCode::Unsupported,
                msg!(
                    Quoted(mime_type),
                    " is not accepted: use one of ",
                    Joined(&MIME_TYPES)
                ),
            )
        })
}

/// A given `media_type` must agree with the mime type's top-level type.
pub fn check_agreement(media_type: MediaType, mime_type: &str) -> Result<(), Problem> {
    let Some(implied) = MediaType::of_mime(mime_type) else {
        return Ok(());
    };
    if implied == media_type {
        return Ok(());
    }
    Err(Problem::new(
        "media_type",
        ProblemCode::Mismatch,
        msg!(
            "is ",
            media_type.as_str(),
            " but mime_type ",
            mime_type,
            " is an ",
            implied.as_str()
        ),
    ))
}

/// Checks inline `data` against its declared (accepted, canonical) `mime_type`: strict base64,
/// not empty, bytes that look like the declared type, and the size limit of its kind.
pub fn check_data(data: &str, mime_type: Option<&str>, limits: &Limits) -> Result<(), Problems> {
    let decoded = base64::inspect(data)?;
    if decoded.len == 0 {
        return Err(Problem::new("data", ProblemCode::Empty, "cannot be empty").into());
    }
    let Some(mime_type) = mime_type else {
        return Ok(());
    };
    let mut problems = Problems::new();
    if !sniff::matches(mime_type, decoded.head()) {
        let message = sniff::refusal(decoded.head()).map_or_else(
            || {
                let found = sniff::sniff(decoded.head()).unwrap_or("not any accepted media type");
                msg!("looks like ", found, ", but mime_type says ", mime_type)
            },
            String::from,
        );
        problems.push(Problem::new("data", ProblemCode::Mismatch, message));
    }
    if let Some(kind) = MediaType::of_mime(mime_type) {
        problems.extend(check_size(kind, decoded.len, limits).err());
    }
    problems.into_result(())
}

/// Decoded media of `kind` must fit its limit. Separate from [`check_data`] so a client can
/// refuse a large file from its size alone, before reading it.
pub fn check_size(kind: MediaType, len: usize, limits: &Limits) -> Result<(), Problem> {
    let max = kind.max_bytes(limits);
    if len <= max {
        return Ok(());
    }
    Err(Problem::new(
        "data",
        ProblemCode::TooLarge,
        msg!(
            "is ",
            human_bytes(len),
            " once decoded; the ",
            kind.as_str(),
            " limit is ",
            human_bytes(max)
        ),
    ))
}

/// The fields of a media status, as given.
#[derive(Debug, Clone, Copy, Default)]
pub struct MediaFields<'a> {
    /// Inline media, base64.
    pub data: Option<&'a str>,
    /// Where the backend downloads the media.
    pub url: Option<&'a str>,
    /// The declared mime type.
    pub mime_type: Option<&'a str>,
    /// The declared kind.
    pub media_type: Option<MediaType>,
    /// The caption.
    pub caption: Option<&'a str>,
}

/// A media status: exactly one of `data` and `url`; a mime type with data, and with a url
/// unless `media_type` is given; a `media_type` that agrees with the mime type; then the rules
/// of each field given.
pub fn check_media_status(fields: MediaFields<'_>, limits: &Limits) -> Result<(), Problems> {
    let mut problems = Problems::new();
    match (fields.data, fields.url) {
        (Some(_), Some(_)) => problems.add(
            "url",
            ProblemCode::Conflict,
            "cannot be given with data: send the media either inline or as a URL",
        ),
        (None, None) => problems.add(
            "data",
            ProblemCode::Required,
            "is required: send the media as base64 data or give a url",
        ),
        _ => {}
    }
    let mime_type = match fields.mime_type.map(check_mime_type) {
        Some(Ok(canonical)) => Some(canonical),
        Some(Err(problem)) => {
            problems.push(problem);
            None
        }
        None => None,
    };
    if let (Some(media_type), Some(mime)) = (fields.media_type, mime_type) {
        problems.extend(check_agreement(media_type, mime).err());
    }
    if let Some(data) = fields.data {
        if fields.mime_type.is_none() {
            problems.add("mime_type", ProblemCode::Required, "is required with data");
        }
        problems.extend(
            check_data(data, mime_type, limits)
                .err()
                .unwrap_or_default(),
        );
    }
    if let Some(url) = fields.url {
        problems.extend(check_url(url).err());
        if fields.mime_type.is_none() && fields.media_type.is_none() {
            problems.add(
                "mime_type",
                ProblemCode::Required,
                "is required with a url, unless media_type is given",
            );
        }
    }
    if let Some(caption) = fields.caption {
        problems.extend(check_length("caption", caption, MAX_CAPTION_CHARS).err());
    }
    problems.into_result(())
}

/// A byte count for people: `5 MiB`, `1.5 MiB`, `812 KiB`, `90 bytes`.
pub fn human_bytes(n: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    if n >= MIB {
        // In u64: on wasm32, n * 10 would overflow a usize for files over 409 MiB.
        let tenths = (n as u64 * 10 + MIB as u64 / 2) / MIB as u64;
        if tenths.is_multiple_of(10) {
            msg!(tenths / 10, " MiB (", n, " bytes)")
        } else {
            msg!(tenths / 10, ".", tenths % 10, " MiB (", n, " bytes)")
        }
    } else if n >= KIB {
        msg!(n / KIB, " KiB (", n, " bytes)")
    } else {
        msg!(n, " bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000";

    #[test]
    fn mime_types_are_matched_case_insensitively_and_canonicalized() {
        assert_eq!(check_mime_type("IMAGE/PNG"), Ok("image/png"));
        for bad in ["image/gif", "image/png; charset=x", "png", ""] {
            let p = check_mime_type(bad).unwrap_err();
            assert_eq!(p.code, ProblemCode::Unsupported);
            assert!(p.message.contains("image/jpeg, image/png"), "{}", p.message);
        }
    }

    #[test]
    fn media_type_must_agree_with_the_mime_type() {
        assert_eq!(check_agreement(MediaType::Image, "image/png"), Ok(()));
        let p = check_agreement(MediaType::Video, "image/png").unwrap_err();
        assert_eq!(
            (p.field.as_str(), p.code),
            ("media_type", ProblemCode::Mismatch)
        );
    }

    #[test]
    fn data_must_look_like_its_declared_type() {
        let png = base64::encode(PNG);
        assert!(check_data(&png, Some("image/png"), &Limits::default()).is_ok());
        let problems = check_data(&png, Some("image/jpeg"), &Limits::default()).unwrap_err();
        let p = &problems.as_slice()[0];
        assert_eq!(p.code, ProblemCode::Mismatch);
        assert_eq!(
            p.message,
            "looks like image/png, but mime_type says image/jpeg"
        );
    }

    #[test]
    fn decoded_size_is_limited_per_kind() {
        let limits = Limits {
            max_image_bytes: PNG.len() - 1,
            max_video_bytes: 1,
        };
        let problems = check_data(&base64::encode(PNG), Some("image/png"), &limits).unwrap_err();
        let p = &problems.as_slice()[0];
        assert_eq!(p.code, ProblemCode::TooLarge);
        assert!(p.message.contains("image limit"), "{}", p.message);
        let exact = Limits {
            max_image_bytes: PNG.len(),
            ..limits
        };
        assert!(check_data(&base64::encode(PNG), Some("image/png"), &exact).is_ok());
    }

    #[test]
    fn empty_data_is_its_own_problem() {
        assert_eq!(
            check_data("", Some("image/png"), &Limits::default())
                .unwrap_err()
                .as_slice()[0]
                .code,
            ProblemCode::Empty
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_bytes(5 * 1024 * 1024), "5 MiB (5242880 bytes)");
        assert_eq!(human_bytes(1536 * 1024), "1.5 MiB (1572864 bytes)");
        assert_eq!(human_bytes(2048), "2 KiB (2048 bytes)");
        assert_eq!(human_bytes(9), "9 bytes");
        let big = u32::MAX as usize;
        assert_eq!(human_bytes(big), format!("4096 MiB ({big} bytes)"));
    }
}
