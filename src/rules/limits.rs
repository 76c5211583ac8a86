//! The contract's numeric limits, and the ones a deployment may change.

/// Longest text status, in Unicode scalar values.
pub const MAX_TEXT_CHARS: usize = 700;
/// Longest media caption, in Unicode scalar values.
pub const MAX_CAPTION_CHARS: usize = 1024;
/// Most entries in a privacy list.
pub const MAX_PRIVACY_ENTRIES: usize = 10_000;
/// Fewest digits in a phone number (E.164 numbers have 7 to 15 in practice).
pub const MIN_PHONE_DIGITS: usize = 7;
/// Most digits in a phone number (E.164's maximum).
pub const MAX_PHONE_DIGITS: usize = 15;
/// Default largest decoded image: 5 MiB, as the WhatsApp Cloud API.
pub const DEFAULT_MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Default largest decoded video: 16 MiB, as the WhatsApp Cloud API.
pub const DEFAULT_MAX_VIDEO_BYTES: usize = 16 * 1024 * 1024;

/// The limits a deployment may set; everything else in the contract is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decoded image, in bytes.
    pub max_image_bytes: usize,
    /// Largest decoded video, in bytes.
    pub max_video_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_image_bytes: DEFAULT_MAX_IMAGE_BYTES,
            max_video_bytes: DEFAULT_MAX_VIDEO_BYTES,
        }
    }
}

impl Limits {
    /// The largest request body that can hold a valid request under these limits: the largest
    /// media as padded base64, plus 64 KiB for the other fields and JSON syntax.
    pub fn max_body_bytes(&self) -> usize {
        let largest = self.max_image_bytes.max(self.max_video_bytes);
        // Saturating: a configured limit near usize::MAX means "no limit", not a wrap-around.
        largest
            .div_ceil(3)
            .saturating_mul(4)
            .saturating_add(64 * 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_body_limit_fits_the_largest_video_as_base64() {
        // 16 MiB as base64 is 22,369,624 bytes; plus 64 KiB.
        assert_eq!(Limits::default().max_body_bytes(), 22_369_624 + 65_536);
        let huge = Limits {
            max_image_bytes: usize::MAX,
            max_video_bytes: 1,
        };
        assert_eq!(huge.max_body_bytes(), usize::MAX);
    }
}
