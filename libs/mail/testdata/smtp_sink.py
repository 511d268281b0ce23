#!/usr/bin/python3
"""An SMTP sink for tests (Debian's python3-aiosmtpd), on 127.0.0.1 and a free port.

Appends one JSON line per message accepted to --log: the envelope ("mailFrom", "rcptTos"), the raw message
("raw") and what Python's own e-mail parser reads in it ("headers": every header decoded, in order, as
[name, value] pairs; "body": the decoded text; "login": the user who authenticated, or null). Answers
"451 4.3.0 try again later" to the first --fail-first messages. With --username and --password it requires
AUTH (PLAIN or LOGIN, allowed without TLS: the test talks over loopback). Writes the port to --port-file once it
listens.
"""
import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--username")
    parser.add_argument("--password")
    args = parser.parse_args()
    # Quiet: AUTH without TLS is meant here (loopback), and the test's output should show its own failures.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    state = {"seen": 0}

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            state["seen"] += 1
            if state["seen"] <= args.fail_first:
                return "451 4.3.0 try again later"
            raw = envelope.original_content or envelope.content
            message = email.message_from_bytes(raw, policy=email.policy.default)
            record = {
                "mailFrom": envelope.mail_from,
                "rcptTos": envelope.rcpt_tos,
                "raw": raw.decode("utf-8", errors="replace"),
                "headers": [[name, str(value)] for name, value in message.items()],
                "body": message.get_content().replace("\r\n", "\n"),
                "login": session.authenticated and args.username or None,
            }
            with open(args.log, "a") as log:
                log.write(json.dumps(record) + "\n")
            return "250 OK"

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.username
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

    def factory():
        if args.username:
            return SMTP(Handler(), auth_required=True, auth_require_tls=False, authenticator=authenticate)
        return SMTP(Handler())

    async def serve():
        server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(port))
        os.replace(args.port_file + ".tmp", args.port_file)
        await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
