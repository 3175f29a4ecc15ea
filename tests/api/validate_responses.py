#!/usr/bin/python3
"""Validates API responses against the schemas of the OpenAPI document that served them.

Usage: validate_responses.py DOCUMENT.json RESPONSES.json
RESPONSES is a list of {"schema": NAME, "array": BOOL, "body": ...}: the body must be an
instance of components.schemas.NAME (or an array of them). Prints each failure, exits 1 on any.
Debian's python3-jsonschema (JSON Schema 2020-12, as OpenAPI 3.1 uses).
"""
import json
import sys

import jsonschema

document = json.load(open(sys.argv[1]))
responses = json.load(open(sys.argv[2]))
failures = 0
for number, response in enumerate(responses):
    one = {"$ref": "#/components/schemas/" + response["schema"]}
    schema = {"type": "array", "items": one} if response["array"] else dict(one)
    schema["components"] = document["components"]
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for error in validator.iter_errors(response["body"]):
        failures += 1
        print(f"response {number} ({response['schema']}): {error.message} at "
              f"{'/'.join(str(p) for p in error.absolute_path)}")
print(f"{len(responses)} responses checked, {failures} failure(s)")
sys.exit(1 if failures else 0)
