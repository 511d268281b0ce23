#!/usr/bin/env python3
"""Checks real answers of `ly serve` against the OpenAPI document (used by libs/api's openapi_http_test).

Usage: check_openapi_answers.py OPENAPI_JSON ANSWERS_JSON

ANSWERS_JSON is a list of {"method", "path" (the documented template), "status", "contentType", "body"}.
Each answer must be documented: its status among the operation's responses, its media type among that
response's content (or no body when it documents none), and a JSON body valid against the documented
schema (JSON Schema 2020-12, as OpenAPI 3.1 uses, checked by Debian's python3-jsonschema).
Prints one line per undocumented or invalid answer and exits 1, or prints "ok N" and exits 0.
"""
import json
import sys

from jsonschema import Draft202012Validator


def pointer_token(text):
    return text.replace("~", "~0").replace("/", "~1")


def resolve(document, ref):
    node = document
    for token in ref.lstrip("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def media_matches(documented, answered):
    if documented == answered or documented == "*/*":
        return True
    return documented.endswith("/*") and answered.startswith(documented[:-1])


def allof_targets(node, found):
    """The names of the component schemas that appear inside an allOf (their owner closes them instead)."""
    if isinstance(node, dict):
        for part in node.get("allOf", []):
            if "$ref" in part:
                found.add(part["$ref"].rsplit("/", 1)[-1])
        for value in node.values():
            allof_targets(value, found)
    elif isinstance(node, list):
        for value in node:
            allof_targets(value, found)
    return found


def close_objects(node, skip_names, in_allof=False, name=None):
    """Adds unevaluatedProperties: false to every object schema, so an answer's member the document does not
    list is an error: the document must name every field the server sends (an allOf closes its whole)."""
    if isinstance(node, list):
        for value in node:
            close_objects(value, skip_names, in_allof)
        return
    if not isinstance(node, dict):
        return
    if "allOf" in node:
        node["unevaluatedProperties"] = False
        for part in node["allOf"]:
            close_objects(part, skip_names, True)
    elif "properties" in node and not in_allof and name not in skip_names:
        node["unevaluatedProperties"] = False
    for key, value in node.items():
        if key == "allOf":
            continue
        if key == "properties" and isinstance(value, dict):
            for member in value.values():
                close_objects(member, skip_names)
        elif key == "schemas" and isinstance(value, dict):
            for schema_name, schema in value.items():
                close_objects(schema, skip_names, name=schema_name)
        else:
            close_objects(value, skip_names)


def check(document, answer):
    where = f'{answer["method"]} {answer["path"]} → {answer["status"]}'
    operation = document["paths"].get(answer["path"], {}).get(answer["method"].lower())
    if operation is None:
        return f"{where}: the operation is not documented"
    status = str(answer["status"])
    if status not in operation["responses"]:
        return f"{where}: status not documented (documented: {', '.join(operation['responses'])})"
    pointer = f'#/paths/{pointer_token(answer["path"])}/{answer["method"].lower()}/responses/{status}'
    response = operation["responses"][status]
    if "$ref" in response:
        pointer = response["$ref"]
        response = resolve(document, pointer)
    content = response.get("content")
    if not content:
        return f"{where}: documents no body, answered {len(answer['body'])} bytes" if answer["body"] else None
    media = answer["contentType"].split(";")[0].strip().lower()
    documented = next((key for key in content if media_matches(key, media)), None)
    if documented is None:
        return f"{where}: media type {media!r} not documented (documented: {', '.join(content)})"
    if not media.endswith("json"):
        return None
    try:
        body = json.loads(answer["body"])
    except ValueError as error:
        return f"{where}: the body is not JSON ({error})"
    # The whole document as the root schema, so the schema's "#/components/..." references resolve; its other
    # members (openapi, info, paths …) are not JSON Schema keywords and are ignored.
    schema_pointer = f"{pointer}/content/{pointer_token(documented)}/schema"
    root = dict(document)
    root["$ref"] = schema_pointer
    errors = sorted(Draft202012Validator(root).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        details = "; ".join(f'{"/".join(map(str, e.absolute_path)) or "(body)"}: {e.message}' for e in errors[:5])
        return f"{where}: the body does not match {schema_pointer}: {details}"
    return None


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        document = json.load(file)
    with open(sys.argv[2], encoding="utf-8") as file:
        answers = json.load(file)
    close_objects(document, allof_targets(document, set()))
    failures = []
    for answer in answers:
        try:
            failure = check(document, answer)
        except Exception as error:  # a broken document ($ref to nowhere …): say which answer met it, go on
            failure = f'{answer["method"]} {answer["path"]} → {answer["status"]}: cannot check: {error!r}'
        if failure:
            failures.append(failure)
    for failure in failures:
        print(failure)
    if failures:
        return 1
    print(f"ok {len(answers)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
