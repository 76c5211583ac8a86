#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora from the shared fixtures (tests/fixtures/*.json).

Each seed is a file named by the SHA-1 of its content, as libFuzzer names its own, so running
this again adds nothing twice and never touches what a fuzzing run has added.

    python3 fuzz/seed.py [CORPUS_DIR]      # default: fuzz/corpus
"""

import base64
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def load(name):
    with open(FIXTURES / name, encoding="utf-8") as f:
        return json.load(f)["cases"]


def body_bytes(case):
    """The request body exactly as the fixture sends it: `raw` text, or `body` as JSON."""
    if "raw" in case:
        return case["raw"].encode("utf-8")
    return json.dumps(case["body"], ensure_ascii=False).encode("utf-8")


def strings_at(value, key):
    """Every string under `key` anywhere in a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key and isinstance(v, str):
                yield v
            else:
                yield from strings_at(v, key)
    elif isinstance(value, list):
        for v in value:
            yield from strings_at(v, key)


def seeds():
    """(target, seed bytes) pairs."""
    for target, name in (
        ("request_text", "text.json"),
        ("request_media", "media.json"),
        ("request_privacy", "privacy.json"),
    ):
        for case in load(name):
            yield target, body_bytes(case)
            if "normalized" in case:
                yield target, json.dumps(case["normalized"], ensure_ascii=False).encode("utf-8")

    # The envelope target reads a big-endian u16 status, then the body.
    for case in load("responses.json"):
        status = case["status"] & 0xFFFF
        yield "envelope", status.to_bytes(2, "big") + case["body"].encode("utf-8")

    media = load("media.json")
    for case in media:
        for data in strings_at(case.get("body"), "data"):
            yield "base64_sniff", data.encode("utf-8")
        for url in strings_at(case.get("body"), "url"):
            yield "media_url", url.encode("utf-8")
    # Longer than one 4096-character chunk of `inspect`, so chunk boundaries are in reach.
    for head in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"\0\0\0\x20ftypisom"):
        for size in (3070, 3072, 6143):
            blob = head + bytes(i % 251 for i in range(size - len(head)))
            yield "base64_sniff", base64.b64encode(blob)

    for case in load("media_urls.json"):
        yield "media_url", case["url"].encode("utf-8")


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "corpus"
    written = {}
    for target, seed in seeds():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / hashlib.sha1(seed).hexdigest()
        if not path.exists():
            path.write_bytes(seed)
            written[target] = written.get(target, 0) + 1
    for target in sorted(written):
        print(f"seeded {target}: {written[target]} new inputs", file=sys.stderr)


if __name__ == "__main__":
    main()
