//! The real media files of the fixture corpus (`tests/fixtures/media/`): every `file ...` case
//! of `media.json` carries its file's exact bytes, every file has a case, and each file sniffs
//! as its case expects, whole and from its first bytes alone.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::Path;

use base64::{engine::general_purpose::STANDARD, Engine as _};
use serde_json::Value;
use wuts_status::rules::sniff::{refusal, sniff, SNIFF_LEN};

#[test]
fn every_file_case_holds_its_file_and_every_file_has_a_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let corpus: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("media.json")).unwrap()).unwrap();
    let mut covered = BTreeSet::new();
    for case in corpus["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let Some(rest) = name.strip_prefix("file ") else {
            continue;
        };
        let file = rest.split(':').next().unwrap();
        let bytes = std::fs::read(dir.join("media").join(file))
            .unwrap_or_else(|e| panic!("{name}: media/{file}: {e}"));
        let data = case["body"]["data"].as_str().unwrap();
        assert_eq!(
            data,
            STANDARD.encode(&bytes),
            "{name}: not the file's bytes: run scripts/dev/media-fixtures.sh"
        );
        // Refused or accepted from the first bytes, as from the whole file.
        let head = &bytes[..SNIFF_LEN.min(bytes.len())];
        assert_eq!(sniff(head), sniff(&bytes), "{name}");
        assert_eq!(refusal(head), refusal(&bytes), "{name}");
        assert_eq!(case["valid"] == true, sniff(&bytes).is_some(), "{name}");
        covered.insert(file.to_owned());
    }
    let files: BTreeSet<_> = std::fs::read_dir(dir.join("media"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        covered, files,
        "a file in tests/fixtures/media/ without a case, or the reverse"
    );
}
