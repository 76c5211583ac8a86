#!/usr/bin/env python3
"""Checks the OpenAPI request schemas against the shared fixture corpus (tests/fixtures).

A body the schema accepts must be one the contract accepts: schemathesis sends schema-valid
bodies and expects them published. The only exceptions are the rules the description names as
the server's alone (internal hosts, a list too long once normalized) and whole numbers
written with a fraction (`1.0`), which JSON Schema cannot tell from `1`. The other way round, a
body the contract accepts but the schema refuses must be one of the schema's documented
narrowings (IP-literal or unusual URL forms, mime types not in lower case); anything else is a
schema that drifted from the rules.

    python3 openapi/fixtures_agree.py [-v] [openapi/openapi.yaml]     # -v lists the narrowings

Needs PyYAML and jsonschema-rs (both come with schemathesis).
"""

import json
import pathlib
import sys

import jsonschema_rs
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SERVER_ONLY = {"internal_host"}


def validator(spec, name):
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/components/schemas/{name}",
        "components": spec["components"],
    }
    return jsonschema_rs.validator_for(schema)


def integral_float(body):
    """Whether the body holds a number like 1.0: JSON Schema reads it as the integer 1, the
    contract as a float, which the whole-number fields refuse."""
    if isinstance(body, dict):
        return any(isinstance(v, float) and v.is_integer() for v in body.values())
    return False


def documented_narrowing(body):
    """Whether the schema is allowed to refuse this valid body."""
    if not isinstance(body, dict):
        return False
    mime = body.get("mime_type")
    if isinstance(mime, str) and mime != mime.lower():
        return "mime type not in lower case"
    if isinstance(body.get("url"), str):
        return "a URL form beyond the pattern's public DNS names"
    return False


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    spec_path = pathlib.Path(args[0]) if args else ROOT / "openapi" / "openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    errors, narrowed, checked = [], [], 0

    for file, name in (("text.json", "TextStatus"), ("media.json", "MediaStatus"), ("privacy.json", "StatusPrivacy")):
        schema = validator(spec, name)
        for case in json.loads((FIXTURES / file).read_text(encoding="utf-8"))["cases"]:
            if "limits" in case:
                continue  # limits other than the defaults the schema states
            if "raw" in case:
                try:
                    body = json.loads(case["raw"])
                except ValueError:
                    continue  # not JSON: nothing for a schema to say
            else:
                body = case["body"]
            checked += 1
            valid = case.get("valid") is True
            codes = {p["code"] for p in case.get("problems", [])}
            label = f"{file}: {case['name']}"
            if schema.is_valid(body):
                if not valid and not codes <= SERVER_ONLY and not (codes == {"wrong_type"} and integral_float(body)):
                    errors.append(f"{label}: the schema accepts a body the contract rejects ({sorted(codes)})")
            elif valid:
                why = documented_narrowing(body)
                if why:
                    narrowed.append(f"{label}: {why}")
                else:
                    errors.append(f"{label}: the schema refuses a valid body")

    url = jsonschema_rs.validator_for(spec["components"]["schemas"]["MediaUrl"])
    for case in json.loads((FIXTURES / "media_urls.json").read_text(encoding="utf-8"))["cases"]:
        checked += 1
        if url.is_valid(case["url"]) and case["expect"] not in ("ok", *SERVER_ONLY):
            errors.append(f"media_urls.json: the url pattern accepts {case['url']!r} ({case['expect']})")

    if "-v" in sys.argv:
        for line in narrowed:
            print(f"narrowed: {line}", file=sys.stderr)
    for line in errors:
        print(f"error: {line}", file=sys.stderr)
    print(f"{checked} fixture cases checked against the schemas: {len(errors)} disagreements, "
          f"{len(narrowed)} valid bodies outside the schemas by a documented narrowing", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
