//! Magic-byte sniffing: what the first bytes of decoded media say its type is.
//!
//! JPEG, PNG and WebP have a signature of their own. MP4 and 3GPP share the ISO base media
//! format with HEIF/HEIC and AVIF photos and QuickTime movies, all starting `....ftyp`: what a
//! file of that format is, is told by the brands of its `ftyp` box (ISO/IEC 14496-12 §4.3):
//! a major brand, a minor version, then compatible brands, four bytes each.

use crate::error::Quoted;
use crate::message::msg;

/// How many first bytes sniffing reads: the signatures, and an `ftyp` box with up to eleven
/// compatible brands (encoders write two to eight). Brands past these bytes are not read.
pub const SNIFF_LEN: usize = 64;

/// Brands of the MP4 family that WhatsApp plays: the ISO base media brands, MP4 version 1 and
/// 2, AVC, iTunes video, DASH and Sony's MP4. Every brand starting `3g` is 3GPP or 3GPP2.
const MP4_BRANDS: [&[u8; 4]; 17] = [
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"mp41",
    b"mp42", b"avc1", b"M4V ", b"M4VH", b"M4VP", b"dash", b"MSNV",
];

/// Brands of still images and image sequences (HEIF, ISO/IEC 23008-12; AVIF), each with what
/// it makes the file.
const IMAGE_BRANDS: [(&[u8; 4], IsoKind); 13] = [
    (b"heic", IsoKind::Heic),
    (b"heix", IsoKind::Heic),
    (b"heim", IsoKind::Heic),
    (b"heis", IsoKind::Heic),
    (b"hevc", IsoKind::Heic),
    (b"hevx", IsoKind::Heic),
    (b"hevm", IsoKind::Heic),
    (b"hevs", IsoKind::Heic),
    (b"avif", IsoKind::Avif),
    (b"avis", IsoKind::Avif),
    (b"mif1", IsoKind::Heif),
    (b"mif2", IsoKind::Heif),
    (b"msf1", IsoKind::Heif),
];

/// What an ISO base media file (`....ftyp`) is, by its brands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsoKind {
    /// An MP4 video: a brand of the MP4 family.
    Mp4,
    /// A 3GPP or 3GPP2 video: a `3g..` brand first among the accepted ones.
    ThreeGpp,
    /// A HEIC photo (HEVC-coded HEIF), as phones take them.
    Heic,
    /// A HEIF image of another coding.
    Heif,
    /// An AVIF image or image sequence.
    Avif,
    /// A QuickTime movie (`qt  `) that claims no MP4 compatibility.
    QuickTime,
    /// Another brand, or none (`None`: the file ends before its major brand).
    Other(Option<[u8; 4]>),
}

impl IsoKind {
    /// The accepted mime type of this kind: `video/mp4` or `video/3gpp`, else `None`.
    pub const fn mime_type(self) -> Option<&'static str> {
        match self {
            Self::Mp4 => Some("video/mp4"),
            Self::ThreeGpp => Some("video/3gpp"),
            _ => None,
        }
    }

    /// Why a file of this kind is refused, for the `data` field; `None` for MP4 and 3GPP.
    pub fn refusal(self) -> Option<String> {
        const PHOTO: &str = ", which WhatsApp does not show: convert it to JPEG and send it as \
                             an image/jpeg image";
        const MOVIE: &str = ": convert it to MP4 (H.264) and send it as video/mp4";
        Some(match self {
            Self::Mp4 | Self::ThreeGpp => return None,
            Self::Heic => msg!("is a HEIC photo", PHOTO),
            Self::Heif => msg!("is a HEIF image", PHOTO),
            Self::Avif => msg!("is an AVIF image", PHOTO),
            Self::QuickTime => msg!(
                "is a QuickTime movie (MOV), which WhatsApp does not play",
                MOVIE
            ),
            Self::Other(Some(brand)) => {
                let brand: String = brand.iter().map(|&b| char::from(b)).collect();
                msg!(
                    "is an ISO media file of brand ",
                    Quoted(&brand),
                    ", not MP4 or 3GPP",
                    MOVIE
                )
            }
            Self::Other(None) => msg!("is an ISO media file with no brand", MOVIE),
        })
    }
}

/// What the brands of an ISO base media file starting with `head` make it; `None` when `head`
/// does not start with an `ftyp` box.
///
/// A major brand of the MP4 or 3GPP family decides. Otherwise an image brand anywhere makes
/// the file that image (an AVIF sequence also lists `iso8`, and is still no video WhatsApp
/// plays); then the first compatible brand of the MP4 or 3GPP family; then `qt  `.
pub fn iso_kind(head: &[u8]) -> Option<IsoKind> {
    let [a, b, c, d, b'f', b't', b'y', b'p', rest @ ..] = head else {
        return None;
    };
    let box_len = u32::from_be_bytes([*a, *b, *c, *d]) as usize;
    let Some((major, rest)) = rest.split_first_chunk::<4>() else {
        return Some(IsoKind::Other(None));
    };
    if let Some(kind) = video_kind(major) {
        return Some(kind);
    }
    // After the major brand: the minor version, then compatible brands to the box's end.
    let end = box_len.clamp(16, head.len().max(16)) - 16;
    let compatible = rest.get(4..).unwrap_or_default();
    let compatible = compatible.get(..end).unwrap_or(compatible);
    let mut image = image_kind(major);
    let mut accepted = None;
    let mut quicktime = major == b"qt  ";
    for brand in compatible.as_chunks::<4>().0 {
        if matches!(image, None | Some(IsoKind::Heif)) {
            image = image_kind(brand).or(image);
        }
        accepted = accepted.or_else(|| video_kind(brand));
        quicktime |= brand == b"qt  ";
    }
    Some(
        image
            .or(accepted)
            .or(quicktime.then_some(IsoKind::QuickTime))
            .unwrap_or(IsoKind::Other(Some(*major))),
    )
}

/// The video kind of a brand of the MP4 or 3GPP family.
fn video_kind(brand: &[u8; 4]) -> Option<IsoKind> {
    if brand.starts_with(b"3g") {
        Some(IsoKind::ThreeGpp)
    } else {
        MP4_BRANDS.contains(&brand).then_some(IsoKind::Mp4)
    }
}

/// The image kind of a HEIF or AVIF brand.
fn image_kind(brand: &[u8; 4]) -> Option<IsoKind> {
    IMAGE_BRANDS
        .iter()
        .find(|(known, _)| *known == brand)
        .map(|&(_, kind)| kind)
}

/// The mime type the signature at the start of `head` names, if it is an accepted one. An ISO
/// base media file is `video/mp4` or `video/3gpp` only when its brands say so ([`iso_kind`]).
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    match head {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', ..] => Some("image/png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        _ => iso_kind(head)?.mime_type(),
    }
}

/// Why bytes starting with `head` are refused whatever their declared type, when their first
/// bytes say what they are: an ISO base media file that is not MP4 or 3GPP (a HEIC photo, a
/// QuickTime movie...). `None` otherwise.
pub fn refusal(head: &[u8]) -> Option<String> {
    iso_kind(head)?.refusal()
}

/// Whether bytes starting with `head` may be of `mime_type`. MP4 and 3GPP share the ISO base
/// media format, so either name matches either family of brands.
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

    /// An `ftyp` box of `major` and `compatible` brands, as encoders write it.
    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let len = 16 + 4 * compatible.len() as u32;
        let mut out = len.to_be_bytes().to_vec();
        out.extend_from_slice(b"ftyp");
        out.extend_from_slice(major);
        out.extend_from_slice(&[0, 0, 2, 0]);
        compatible.iter().for_each(|b| out.extend_from_slice(*b));
        out.extend_from_slice(b"\0\0\0\x08free");
        out
    }

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

    #[test]
    fn every_mp4_and_3gpp_major_brand_is_a_video() {
        for brand in MP4_BRANDS {
            assert_eq!(iso_kind(&ftyp(brand, &[])), Some(IsoKind::Mp4), "{brand:?}");
        }
        for brand in [b"3gp4", b"3gp6", b"3gp9", b"3g2a", b"3gg6", b"3gs7"] {
            let head = ftyp(brand, &[b"isom"]);
            assert_eq!(iso_kind(&head), Some(IsoKind::ThreeGpp), "{brand:?}");
            assert_eq!(sniff(&head), Some("video/3gpp"));
        }
    }

    #[test]
    fn an_mp4_compatible_brand_makes_another_major_brand_a_video() {
        assert_eq!(
            iso_kind(&ftyp(b"qt  ", &[b"qt  ", b"isom"])),
            Some(IsoKind::Mp4)
        );
        assert_eq!(
            iso_kind(&ftyp(b"XAVC", &[b"mp42", b"iso2"])),
            Some(IsoKind::Mp4)
        );
        assert_eq!(
            iso_kind(&ftyp(b"kddi", &[b"3g2a"])),
            Some(IsoKind::ThreeGpp)
        );
    }

    #[test]
    fn photos_and_movies_are_told_apart() {
        let cases: [(Vec<u8>, IsoKind, &str); 8] = [
            (
                ftyp(b"heic", &[b"mif1", b"heic"]),
                IsoKind::Heic,
                "HEIC photo",
            ),
            (
                ftyp(b"mif1", &[b"mif1", b"heic", b"miaf"]),
                IsoKind::Heic,
                "HEIC photo",
            ),
            (
                ftyp(b"mif1", &[b"mif1", b"miaf"]),
                IsoKind::Heif,
                "HEIF image",
            ),
            (
                ftyp(b"avif", &[b"avif", b"mif1", b"miaf", b"MA1B"]),
                IsoKind::Avif,
                "AVIF image",
            ),
            // An AVIF sequence lists iso8, of the MP4 family: it is still an image.
            (
                ftyp(b"avis", &[b"avis", b"msf1", b"iso8", b"mif1"]),
                IsoKind::Avif,
                "AVIF image",
            ),
            (
                ftyp(b"qt  ", &[b"qt  "]),
                IsoKind::QuickTime,
                "QuickTime movie (MOV)",
            ),
            (
                ftyp(b"crx ", &[b"crx "]),
                IsoKind::Other(Some(*b"crx ")),
                r#"brand "crx ""#,
            ),
            (
                b"\0\0\0\x08ftyp".to_vec(),
                IsoKind::Other(None),
                "with no brand",
            ),
        ];
        for (head, kind, says) in cases {
            assert_eq!(iso_kind(&head), Some(kind), "{says}");
            assert_eq!(sniff(&head), None, "{says}");
            assert!(!matches("video/mp4", &head), "{says}");
            let why = refusal(&head).unwrap_or_default();
            assert!(why.contains(says), "{why}");
        }
        assert!(refusal(&ftyp(b"heic", &[]))
            .unwrap_or_default()
            .contains("convert it to JPEG"));
        assert!(refusal(&ftyp(b"qt  ", &[]))
            .unwrap_or_default()
            .contains("convert it to MP4"));
        assert_eq!(refusal(MP4), None);
        assert_eq!(refusal(PNG), None);
    }

    #[test]
    fn brands_past_the_box_or_the_head_are_not_read() {
        // The box holds only `qt  `; the next box's bytes are not brands.
        let mut head = ftyp(b"qt  ", &[b"qt  "]);
        head.extend_from_slice(b"isom");
        assert_eq!(iso_kind(&head), Some(IsoKind::QuickTime));
        // A box longer than the head: its brands within the head count.
        let long = ftyp(b"qt  ", &[b"qt  "; 20]);
        assert_eq!(iso_kind(&long[..SNIFF_LEN]), Some(IsoKind::QuickTime));
        let mut late = ftyp(b"qt  ", &[b"qt  "; 20]);
        late[SNIFF_LEN - 4..SNIFF_LEN].copy_from_slice(b"mp42");
        assert_eq!(iso_kind(&late[..SNIFF_LEN]), Some(IsoKind::Mp4));
        // A box length below the header's own still reads the major brand.
        assert_eq!(
            iso_kind(b"\0\0\0\0ftypmp42\0\0\0\0heic"),
            Some(IsoKind::Mp4)
        );
        assert_eq!(
            iso_kind(b"\0\0\0\0ftypqt  \0\0\0\0isom"),
            Some(IsoKind::QuickTime)
        );
    }
}
