#!/usr/bin/env bash
# Checks openapi/openapi.yaml, the proxy's OpenAPI 3.1 description:
#   1. it is a valid OpenAPI 3.1 document (openapi-spec-validator, from PyPI);
#   2. its request schemas agree with the shared fixture corpus (openapi/fixtures_agree.py);
#   3. schemathesis loads it and can draw requests for every operation, so
#      scripts/test/schemathesis.sh will not fail on the spec itself.
# Installs: python3 -m pip install -r openapi/requirements.txt (scripts/setup.sh does it).
set -euo pipefail
cd "$(dirname "$0")/../.."
spec=${1:-openapi/openapi.yaml}

for module in openapi_spec_validator schemathesis jsonschema_rs yaml; do
  python3 -c "import $module" 2>/dev/null || {
    echo "python module $module is missing: python3 -m pip install -r openapi/requirements.txt" >&2
    exit 1
  }
done

python3 -m openapi_spec_validator "$spec" && echo
python3 openapi/fixtures_agree.py "$spec"
python3 - "$spec" <<'PY'
import sys

import schemathesis
from hypothesis import HealthCheck, given, settings

schema = schemathesis.openapi.from_path(sys.argv[1])
labels = []
for result in schema.get_all_operations():
    operation = result.ok()  # raises on an operation schemathesis cannot read
    drawn = []

    @settings(max_examples=10, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy())
    def draw(case):
        drawn.append(case)

    draw()
    if not drawn:
        sys.exit(f"schemathesis drew no request for {operation.label}")
    labels.append(operation.label)
print(f"schemathesis reads {len(labels)} operations: {', '.join(labels)}", file=sys.stderr)
PY
