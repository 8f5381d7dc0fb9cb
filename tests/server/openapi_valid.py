"""docs/openapi.json is a valid OpenAPI 3 document (openapi-spec-validator, when installed;
it is not a Debian package, so without it the test is skipped: exit 77)."""
import json
import sys

try:
    from openapi_spec_validator import validate_spec
except ImportError:
    print("SKIP: openapi_spec_validator is not installed (pip install openapi-spec-validator)")
    sys.exit(77)

with open(sys.argv[1], encoding="utf-8") as f:
    validate_spec(json.load(f))
print("valid")
