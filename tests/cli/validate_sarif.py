#!/usr/bin/python3
# Validates SARIF files against the OASIS SARIF 2.1.0 JSON schema shipped in
# report/schema/ (Debian's python3-jsonschema; the schema is draft-04).
# Usage: validate_sarif.py SCHEMA FILE...  Exit 0 if every file is valid.
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
bad = 0
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message[:300]}")
    bad += bool(errors)
sys.exit(1 if bad else 0)
