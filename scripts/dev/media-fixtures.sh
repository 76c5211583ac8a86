#!/usr/bin/env bash
# Regenerates the real media files of the fixture corpus: tests/fixtures/media/, each made by a
# real encoder (Debian's ffmpeg, and libheif's heif-enc for HEIC and AVIF photos), then their
# cases in tests/fixtures/media.json (the cases named "file ..."), inline as base64. The files
# are committed: this script is only for changing them, and needs
#   apt-get install -y --no-install-recommends ffmpeg libheif-examples
# Each file is a few frames of 16x16 (128x96 for H.263, whose sizes are fixed): about 1 KB.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fixtures/media
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
clip=(-f lavfi -i color=c=green:s=16x16:d=0.04:r=25)
x264=(-c:v libx264 -pix_fmt yuv420p -preset ultrafast -crf 51 -fflags +bitexact -flags:v +bitexact)
frag=(-movflags frag_keyframe+empty_moov+default_base_moof)

ff "${clip[@]}" "${x264[@]}" "$out/isom.mp4"
ff "${clip[@]}" "${x264[@]}" -brand mp41 "$out/mp41.mp4"
ff "${clip[@]}" "${x264[@]}" -brand mp42 "$out/mp42.mp4"
ff "${clip[@]}" "${x264[@]}" -brand avc1 "$out/avc1.mp4"
ff "${clip[@]}" "${x264[@]}" -f ipod "$out/m4v.m4v"
ff "${clip[@]}" "${x264[@]}" "${frag[@]}" -f mp4 "$out/iso5-fragmented.mp4"
ff "${clip[@]}" "${x264[@]}" "${frag[@]}" -brand iso6 -f mp4 "$out/iso6-fragmented.mp4"
ff "${clip[@]}" -c:v h263 -s 128x96 -fflags +bitexact -f 3gp "$out/3gp4.3gp"
ff "${clip[@]}" -c:v h263 -s 128x96 -fflags +bitexact -f 3g2 "$out/3g2a.3g2"
ff "${clip[@]}" "${x264[@]}" -f mov "$out/quicktime.mov"
ff -f lavfi -i color=c=red:s=16x16 -frames:v 1 "$tmp/red.png"
heif-enc -q 10 "$tmp/red.png" -o "$out/photo.heic" >/dev/null
heif-enc -A -q 10 "$tmp/red.png" -o "$out/photo.avif" >/dev/null
ff -f lavfi -i color=c=red:s=16x16:d=0.12:r=25 -c:v libaom-av1 -cpu-used 8 -fflags +bitexact -f avif "$out/sequence.avif"

python3 - "$out" <<'PY'
import base64, json, pathlib, sys

out = pathlib.Path(sys.argv[1])
fixtures = out.parent / "media.json"
# (file, how it was made, declared mime type, None when valid else what the message says)
CASES = [
    ("isom.mp4", "MP4, major brand isom (ffmpeg, H.264)", "video/mp4", None),
    ("mp41.mp4", "MP4, major brand mp41 (ffmpeg -brand mp41)", "video/mp4", None),
    ("mp42.mp4", "MP4, major brand mp42 (ffmpeg -brand mp42)", "video/mp4", None),
    ("avc1.mp4", "MP4, major brand avc1 (ffmpeg -brand avc1)", "video/mp4", None),
    ("m4v.m4v", "M4V, major brand 'M4V ' (ffmpeg -f ipod)", "video/mp4", None),
    ("iso5-fragmented.mp4", "fragmented MP4, brands iso5 and iso6 (ffmpeg frag_keyframe+empty_moov)", "video/mp4", None),
    ("iso6-fragmented.mp4", "fragmented MP4, major brand iso6 (ffmpeg -brand iso6)", "video/mp4", None),
    ("3gp4.3gp", "3GPP, major brand 3gp4 (ffmpeg -f 3gp, H.263)", "video/3gpp", None),
    ("3g2a.3g2", "3GPP2, major brand 3g2a (ffmpeg -f 3g2)", "video/3gpp", None),
    ("3gp4.3gp", "3GPP declared video/mp4", "video/mp4", None),
    ("quicktime.mov", "QuickTime movie, brand 'qt  ' only (ffmpeg -f mov)", "video/mp4", "QuickTime movie (MOV)"),
    ("photo.heic", "HEIC photo, brands heic and mif1 (heif-enc)", "video/mp4", "HEIC photo"),
    ("photo.heic", "HEIC photo declared image/jpeg", "image/jpeg", "HEIC photo"),
    ("photo.avif", "AVIF photo, brands avif and mif1 (heif-enc -A)", "video/mp4", "AVIF image"),
    ("sequence.avif", "AVIF sequence, brands avis and iso8 (ffmpeg -f avif, AV1)", "video/mp4", "AVIF image"),
]

lines = []
for name, what, mime, refused in CASES:
    body = {"data": base64.b64encode((out / name).read_bytes()).decode(), "mime_type": mime}
    case = {"name": f"file {name}: {what}", "body": body}
    if refused is None:
        case["valid"] = True
    else:
        case["problems"] = [{"field": "data", "code": "mismatch", "message_contains": refused}]
    lines.append("    " + json.dumps(case, ensure_ascii=False))
# The file is written by hand, one case a line: the old file cases go, the new ones end it.
text = fixtures.read_text(encoding="utf-8").splitlines()
text = [l for l in text if not l.startswith('    {"name": "file ')]
end = len(text) - 1 - text[::-1].index("  ]")
while not text[end - 1].strip():
    del text[end - 1]
    end -= 1
text[end - 1] = text[end - 1].rstrip(",") + ","
text[end:end] = ["", ",\n".join(lines)]
fixtures.write_text("\n".join(text) + "\n", encoding="utf-8")
json.loads(fixtures.read_text(encoding="utf-8"))
print(f"{len(CASES)} file cases written to {fixtures}")
PY
ls -l "$out"
