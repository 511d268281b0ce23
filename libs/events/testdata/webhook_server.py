#!/usr/bin/env python3
"""A webhook receiver for libs/events' tests, on 127.0.0.1 and a free port.

Checks each POST's X-Ly-Signature against its own HMAC-SHA256 of the raw body (Python's hmac, independent of
the C++ code), answers the next status of --statuses (the last one repeats), and appends one JSON line per
request to --log: {"signatureOk", "timestamp", "eventId", "body", "status"}. Writes the port to --port-file
once it listens.
"""
import argparse
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--statuses", default="200")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before answering")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    statuses = [int(s) for s in args.statuses.split(",")]
    served = {"count": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            expected = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
            signature = self.headers.get("X-Ly-Signature", "")
            status = statuses[min(served["count"], len(statuses) - 1)]
            served["count"] += 1
            with open(args.log, "a") as log:
                log.write(json.dumps({
                    "signatureOk": hmac.compare_digest(expected, signature),
                    "timestamp": self.headers.get("X-Ly-Timestamp", ""),
                    "eventId": self.headers.get("X-Ly-Event-Id", ""),
                    "contentType": self.headers.get("Content-Type", ""),
                    "body": body.decode("utf-8"),
                    "status": status,
                }) + "\n")
            if args.delay:
                time.sleep(args.delay)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *unused):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
