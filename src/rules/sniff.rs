//! Magic-byte sniffing: what the first bytes of decoded media say its type is.

/// The mime type the signature at the start of `head` names, if any it knows.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    match head {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', ..] => Some("image/png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'3', b'g', ..] => Some("video/3gpp"),
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some("video/mp4"),
        _ => None,
    }
}

/// Whether bytes starting with `head` may be of `mime_type`. MP4 and 3GPP share the ISO base
/// media signature (`....ftyp`), so either name matches either brand.
pub fn matches(mime_type: &str, head: &[u8]) -> bool {
    match (mime_type, sniff(head)) {
        (_, None) => false,
        ("video/mp4" | "video/3gpp", Some("video/mp4" | "video/3gpp")) => true,
        (declared, Some(found)) => declared == found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const WEBP: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 ";
    const MP4: &[u8] = b"\0\0\0\x20ftypisom";
    const GP3: &[u8] = b"\0\0\0\x14ftyp3gp4";

    #[test]
    fn knows_each_accepted_type() {
        assert_eq!(sniff(JPEG), Some("image/jpeg"));
        assert_eq!(sniff(PNG), Some("image/png"));
        assert_eq!(sniff(WEBP), Some("image/webp"));
        assert_eq!(sniff(MP4), Some("video/mp4"));
        assert_eq!(sniff(GP3), Some("video/3gpp"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
    }

    #[test]
    fn matching_is_strict_but_treats_mp4_and_3gpp_alike() {
        assert!(matches("image/png", PNG));
        assert!(!matches("image/jpeg", PNG));
        assert!(matches("video/mp4", GP3));
        assert!(matches("video/3gpp", MP4));
        assert!(!matches("video/mp4", JPEG));
        assert!(!matches("image/png", b""));
    }
}
