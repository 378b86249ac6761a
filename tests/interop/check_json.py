#!/usr/bin/env python3
"""Validates JSON documents against sacoche's schemas (schemas/*.schema.json).

Usage: check_json.py SCHEMA FILE   FILE holds one JSON object per line (JSON lines).
Prints "N passed, N failed"; exit 1 on any failure.
"""
import json
import os
import sys

import jsonschema
from referencing import Registry, Resource

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas")


def registry():
    resources = []
    for name in os.listdir(SCHEMAS):
        with open(os.path.join(SCHEMAS, name)) as fh:
            schema = json.load(fh)
        jsonschema.Draft202012Validator.check_schema(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def main(schema_path, data_path):
    with open(schema_path) as fh:
        schema = json.load(fh)
    validator = jsonschema.Draft202012Validator(schema, registry=registry())
    passed = failed = 0
    with open(data_path) as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            errors = list(validator.iter_errors(json.loads(line)))
            if errors:
                failed += 1
                print(f"line {number}: {errors[0].message} ({line.strip()[:200]})")
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
