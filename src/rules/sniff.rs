//! Magic-byte sniffing: what the first bytes of decoded media say its type is.
//!
//! JPEG, PNG and WebP have a signature of their own. MP4 and 3GPP share the ISO base media
//! format with HEIF/HEIC and AVIF photos and QuickTime movies, all starting `....ftyp`: what a
//! file of that format is, is told by the brands of its `ftyp` box (ISO/IEC 14496-12 §4.3):
//! a major brand, a minor version, then compatible brands, four bytes each.

/// How many first bytes sniffing reads: the signatures, and an `ftyp` box with up to eleven
/// compatible brands (encoders write two to eight). Brands past these bytes are not read.
pub const SNIFF_LEN: usize = 64;

/// The brands this module knows, four bytes each; [`KINDS`] says what each makes a file. The MP4
/// family that WhatsApp plays (the ISO base media brands, MP4 versions 1 and 2, AVC, iTunes
/// video, DASH, Sony's MP4), then HEIF photos coded in HEVC (HEIC), AVIF images and sequences,
/// HEIF of other codings (ISO/IEC 23008-12), and QuickTime. Every brand starting `3g` is 3GPP.
/// One byte string, not a table of slices: the browser package carries it.
const BRANDS: &[u8; 4 * 31] =
    b"isomiso2iso3iso4iso5iso6iso7iso8iso9mp41mp42avc1M4V M4VHM4VPdashMSNV\
heicheixheimheishevchevxhevmhevsavifavismif1mif2msf1qt  ";

/// What each brand of [`BRANDS`] makes a file, in the same order.
const KINDS: [IsoKind; 31] = {
    use IsoKind::{Avif, Heic, Heif, Mp4, QuickTime};
    [
        Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Mp4, Heic,
        Heic, Heic, Heic, Heic, Heic, Heic, Heic, Avif, Avif, Heif, Heif, Heif, QuickTime,
    ]
};

/// What an ISO base media file (`....ftyp`) is, by its brands. Ordered: among a file's
/// compatible brands the greatest kind wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IsoKind {
    /// Another brand, or none: not a file WhatsApp shows.
    Other,
    /// A QuickTime movie (`qt  `) that claims no MP4 compatibility.
    QuickTime,
    /// A 3GPP or 3GPP2 video (`3g..`).
    ThreeGpp,
    /// An MP4 video: a brand of the MP4 family.
    Mp4,
    /// A HEIF image of another coding than HEVC or AV1.
    Heif,
    /// A HEIC photo (HEVC-coded HEIF), as phones take them.
    Heic,
    /// An AVIF image or image sequence.
    Avif,
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

    /// What a brand makes a file.
    fn of(brand: &[u8; 4]) -> Self {
        if brand.starts_with(b"3g") {
            return Self::ThreeGpp;
        }
        let known = BRANDS.as_chunks::<4>().0.iter().position(|b| b == brand);
        known.map_or(Self::Other, |i| KINDS[i])
    }
}

/// What the brands of an ISO base media file starting with `head` make it; `None` when `head`
/// does not start with an `ftyp` box.
///
/// A major brand of the MP4 or 3GPP family decides. Otherwise the compatible brands do: an
/// image brand makes the file that image (an AVIF sequence also lists `iso8`, and is still no
/// video WhatsApp plays), else a brand of the MP4 or 3GPP family a video, else `qt  ` a
/// QuickTime movie.
pub fn iso_kind(head: &[u8]) -> Option<IsoKind> {
    // Only the first bytes, so a file and its head always sniff alike.
    let head = head.get(..SNIFF_LEN).unwrap_or(head);
    let [size, ftyp, words @ ..] = head.as_chunks::<4>().0 else {
        return None;
    };
    if ftyp != b"ftyp" {
        return None;
    }
    let Some((major, words)) = words.split_first() else {
        return Some(IsoKind::Other);
    };
    let kind = IsoKind::of(major);
    if matches!(kind, IsoKind::Mp4 | IsoKind::ThreeGpp) {
        return Some(kind);
    }
    // After the major brand: the minor version, then compatible brands to the box's end.
    let compatible = (u32::from_be_bytes(*size) as usize / 4).saturating_sub(4);
    let brands = words.iter().skip(1).take(compatible);
    Some(brands.map(IsoKind::of).fold(kind, Ord::max))
}

/// Why bytes starting with `head` are refused whatever their declared type, when their first
/// bytes say what they are: an ISO base media file that is not MP4 or 3GPP (a HEIC photo, a
/// QuickTime movie...). `None` otherwise.
pub fn refusal(head: &[u8]) -> Option<&'static str> {
    Some(match iso_kind(head)? {
        IsoKind::Mp4 | IsoKind::ThreeGpp => return None,
        IsoKind::Heic => "is a HEIC photo: send it as an image converted to JPEG",
        IsoKind::Heif => "is a HEIF image: send it as an image converted to JPEG",
        IsoKind::Avif => "is an AVIF image: send it as an image converted to JPEG",
        IsoKind::QuickTime => "is a QuickTime movie (MOV): convert it to MP4 (H.264)",
        IsoKind::Other => "is an ISO media file, but not MP4 or 3GPP: convert it to MP4 (H.264)",
    })
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
        let brands = BRANDS.as_chunks::<4>().0.iter().zip(KINDS);
        let mp4: Vec<_> = brands.filter(|(_, k)| *k == IsoKind::Mp4).collect();
        assert_eq!(mp4.len(), 17);
        for (brand, _) in mp4 {
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
            (ftyp(b"crx ", &[b"crx "]), IsoKind::Other, "not MP4 or 3GPP"),
            (
                b"\0\0\0\x08ftyp".to_vec(),
                IsoKind::Other,
                "not MP4 or 3GPP",
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
            .contains("converted to JPEG"));
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
        // Past the head, even the whole file's brands are not read: a file sniffs as its head.
        late[SNIFF_LEN - 4..SNIFF_LEN].copy_from_slice(b"qt  ");
        late[SNIFF_LEN..SNIFF_LEN + 4].copy_from_slice(b"mp42");
        assert_eq!(iso_kind(&late), Some(IsoKind::QuickTime));
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
