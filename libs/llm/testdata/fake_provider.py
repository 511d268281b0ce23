#!/usr/bin/env python3
"""A stand-in for the paid LLM APIs in libs/llm's and the service's tests, on 127.0.0.1 and a free port.

Speaks the two documented wire formats: Anthropic Messages (POST /v1/messages: x-api-key, anthropic-version
2023-06-01, a forced tool whose input_schema shapes the answer, base64 image/document blocks) and OpenAI chat
completions (POST /v1/chat/completions: Authorization: Bearer, image_url data URLs, response_format json_schema).
Every request is checked against its format (a real PNG or PDF behind the base64, the tool or schema present,
temperature 0); a request that is not well formed gets the provider's 400. Otherwise it answers the next of
--scenarios (the last one repeats):

  ok         verify mode: no edits; extract mode: --extract-answer's timetable
  many       verify mode: every block "updated" to itself (so many edits that extract mode follows)
  names      a block renamed to a name that is on no page
  schema     an answer that breaks the schema (a day "funday", an op "explode")
  malformed  a 200 whose body is cut off mid-JSON
  429        rate limited, with Retry-After: --retry-after
  529        Anthropic's overloaded_error (HTTP 529)
  500        an internal server error
  slow       waits --delay seconds, then answers as ok

One JSON line per request goes to --log: provider, mode, wellFormed, problems, scenario, image size, whether the
prompt listed a previous answer's problems. The port goes to --port-file once it listens.
"""
import argparse
import base64
import binascii
import json
import os
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def decode_base64(data, problems, what):
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, TypeError, ValueError):
        problems.append(what + " is not valid base64")
        return b""


def png_size(data):
    if data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def check_image(data, problems, log):
    size = png_size(data)
    if size is None:
        problems.append("the image is not a PNG")
        return
    log["imageWidth"], log["imageHeight"] = size


def check_anthropic(headers, body, api_key, log):
    problems = []
    if headers.get("x-api-key") != api_key:
        problems.append("x-api-key is missing or wrong")
    if headers.get("anthropic-version") != "2023-06-01":
        problems.append("anthropic-version must be 2023-06-01")
    if not isinstance(body.get("model"), str) or not body["model"]:
        problems.append("model is missing")
    if not isinstance(body.get("max_tokens"), int):
        problems.append("max_tokens is missing")
    if body.get("temperature") != 0:
        problems.append("temperature must be 0")
    tools = body.get("tools")
    tool = tools[0] if isinstance(tools, list) and len(tools) == 1 and isinstance(tools[0], dict) else {}
    schema = tool.get("input_schema")
    if not isinstance(schema, dict) or schema.get("type") != "object":
        problems.append("the tool has no input_schema of type object")
    choice = body.get("tool_choice") or {}
    if choice.get("type") != "tool" or choice.get("name") != tool.get("name"):
        problems.append("tool_choice does not force the tool")
    messages = body.get("messages")
    text = ""
    if not isinstance(messages, list) or len(messages) != 1 or messages[0].get("role") != "user":
        problems.append("messages must be one user message")
    else:
        for block in messages[0].get("content", []):
            kind = block.get("type")
            source = block.get("source", {})
            if kind == "image":
                if source.get("type") != "base64" or source.get("media_type") != "image/png":
                    problems.append("the image block is not a base64 PNG")
                check_image(decode_base64(source.get("data"), problems, "the image"), problems, log)
            elif kind == "document":
                data = decode_base64(source.get("data"), problems, "the document")
                if source.get("media_type") != "application/pdf" or not data.startswith(b"%PDF-"):
                    problems.append("the document block is not a base64 PDF")
                log["document"] = True
            elif kind == "text":
                text += block.get("text", "")
    if not text:
        problems.append("no text block")
    if not isinstance(body.get("system"), str) or not body["system"]:
        problems.append("no system prompt")
    return problems, tool.get("name", ""), schema, text


def check_openai(headers, body, api_key, log):
    problems = []
    if headers.get("authorization") != "Bearer " + api_key:
        problems.append("Authorization: Bearer is missing or wrong")
    if not isinstance(body.get("model"), str) or not body["model"]:
        problems.append("model is missing")
    if body.get("temperature") != 0:
        problems.append("temperature must be 0")
    format_ = body.get("response_format") or {}
    spec = format_.get("json_schema") or {}
    schema = spec.get("schema")
    if format_.get("type") != "json_schema" or not isinstance(schema, dict) or not spec.get("name"):
        problems.append("response_format is not a named json_schema")
    if spec.get("strict") is not True:
        problems.append("json_schema is not strict")
    messages = body.get("messages")
    text = ""
    if not isinstance(messages, list) or len(messages) != 2 or messages[0].get("role") != "system" \
            or messages[1].get("role") != "user":
        problems.append("messages must be a system and a user message")
    else:
        for part in messages[1].get("content", []):
            if part.get("type") == "text":
                text += part.get("text", "")
            elif part.get("type") == "image_url":
                url = (part.get("image_url") or {}).get("url", "")
                prefix = "data:image/png;base64,"
                if not url.startswith(prefix):
                    problems.append("the image_url is not a PNG data URL")
                check_image(decode_base64(url[len(prefix):], problems, "the image"), problems, log)
    if not text:
        problems.append("no text part")
    return problems, spec.get("name", ""), schema, text


def draft_blocks(text):
    """Our reading as the verify prompt shows it: the JSON array after 'Our reading:'."""
    at = text.find("Our reading:")
    if at < 0:
        return []
    start = text.find("[", at)
    try:
        blocks, _ = json.JSONDecoder().raw_decode(text[start:])
        return blocks
    except ValueError:
        return []


def edit_of(block, **changes):
    edit = {"op": "update", "id": block["id"], "day": block["day"], "start": block["start"], "end": block["end"],
            "name": block["name"], "notes": block["notes"]}
    edit.update(changes)
    return edit


def answer_for(scenario, mode, text, extract_answer):
    if mode == "verify":
        blocks = draft_blocks(text)
        if scenario == "many":
            return {"edits": [edit_of(b) for b in blocks]}
        if scenario == "names":
            return {"edits": [edit_of(blocks[0], name="Underwater Basket Weaving")]} if blocks else {"edits": []}
        if scenario == "schema":
            return {"edits": [{"op": "explode", "id": "b0", "day": "funday", "start": "25:00", "end": None,
                               "name": None, "notes": None}]}
        return {"edits": []}
    answer = json.loads(json.dumps(extract_answer))
    if scenario == "names" and answer["timeblocks"]:
        answer["timeblocks"][0]["name"] = "Underwater Basket Weaving"
    if scenario == "schema":
        answer["timeblocks"] = [{"day": "funday", "start": "25:00", "end": None, "name": "", "notes": ""}]
    return answer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", default="ok")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--retry-after", default="1")
    parser.add_argument("--api-key", default="test-key")
    parser.add_argument("--extract-answer", default="")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    scenarios = args.scenarios.split(",")
    extract_answer = {"metadata": {"title": "", "school": "", "class": "", "teacher": "", "term": "", "week": ""},
                      "timeblocks": []}
    if args.extract_answer:
        with open(args.extract_answer) as f:
            extract_answer = json.load(f)
    lock = threading.Lock()
    served = {"count": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def reply(self, status, body, extra_headers=()):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra_headers:
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): what the slow scenario is for

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            log = {"path": self.path}
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if self.path == "/v1/messages":
                provider = "anthropic"
            elif self.path == "/v1/chat/completions":
                provider = "openai"
            else:
                self.reply(404, {"error": {"message": "no such path"}})
                return
            log["provider"] = provider
            if not isinstance(body, dict):
                problems, name, schema, text = ["the body is not a JSON object"], "", None, ""
            elif provider == "anthropic":
                problems, name, schema, text = check_anthropic(headers, body, args.api_key, log)
            else:
                problems, name, schema, text = check_openai(headers, body, args.api_key, log)
            mode = {"submit_edits": "verify", "submit_timetable": "extract"}.get(name, "")
            if not mode:
                problems.append("unknown tool or schema name: " + repr(name))
            with lock:
                scenario = scenarios[min(served["count"], len(scenarios) - 1)]
                served["count"] += 1
            log.update({"mode": mode, "wellFormed": not problems, "problems": problems, "scenario": scenario,
                        "listsProblems": "previous answer had these problems" in text,
                        "schemaProperties": sorted((schema or {}).get("properties", {}).keys())})
            with lock:
                with open(args.log, "a") as f:
                    f.write(json.dumps(log) + "\n")
            if any("x-api-key" in p or "Bearer" in p for p in problems):
                # As the real APIs: a missing or wrong key is 401, before anything else is looked at.
                error = {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}} \
                    if provider == "anthropic" else {"error": {"message": "Incorrect API key", "type": "invalid_request_error"}}
                self.reply(401, error)
                return
            if problems:
                message = "; ".join(problems)
                error = {"type": "error", "error": {"type": "invalid_request_error", "message": message}} \
                    if provider == "anthropic" else {"error": {"message": message, "type": "invalid_request_error"}}
                self.reply(400, error)
                return
            if scenario in ("429", "529", "500"):
                kinds = {"429": "rate_limit_error", "529": "overloaded_error", "500": "api_error"}
                extra = [("retry-after", args.retry_after)] if scenario == "429" else []
                error = {"type": "error", "error": {"type": kinds[scenario], "message": scenario}} \
                    if provider == "anthropic" else {"error": {"message": scenario, "type": kinds[scenario]}}
                self.reply(int(scenario), error, extra)
                return
            if scenario == "malformed":
                self.reply(200, b'{"id": "msg_01", "content": [{"type": "tool_use", "input": {"edi')
                return
            if scenario == "slow":
                time.sleep(args.delay)
            answer = answer_for(scenario, mode, text, extract_answer)
            image_tokens = log.get("imageWidth", 0) * log.get("imageHeight", 0) // 750
            input_tokens = len(raw) // 4 if not image_tokens else len(text) // 4 + 1000 + image_tokens
            output_tokens = len(json.dumps(answer)) // 4 + 10
            if provider == "anthropic":
                self.reply(200, {"id": "msg_01", "type": "message", "role": "assistant", "model": body["model"],
                                 "content": [{"type": "tool_use", "id": "toolu_01", "name": name, "input": answer}],
                                 "stop_reason": "tool_use",
                                 "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens}})
            else:
                self.reply(200, {"id": "chatcmpl-01", "object": "chat.completion", "model": body["model"],
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": json.dumps(answer)}}],
                                 "usage": {"prompt_tokens": input_tokens, "completion_tokens": output_tokens,
                                           "total_tokens": input_tokens + output_tokens}})

        def log_message(self, *unused):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
