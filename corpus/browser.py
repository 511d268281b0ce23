"""Headless Chromium driven over --remote-debugging-pipe (DevTools protocol).

One browser process renders every document: starting Chromium costs about
three seconds here, a page about a tenth of that. The pipe protocol is JSON
messages ended by a NUL byte, written to the browser's fd 3 and read from its
fd 4, so the standard library is enough.
"""
import base64
import fcntl
import json
import os
import pathlib
import re
import subprocess
import tempfile

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these it waits for the network, which this machine does not have.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--font-render-hinting=none", "--remote-debugging-pipe",
]


def _high_fd(fd):
    """Move fd above 10 so that the child's dup2 onto 3 and 4 cannot clobber it."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class Browser:
    def __init__(self):
        self._profile = tempfile.TemporaryDirectory(prefix="corpus-chromium-")
        to_child_r, to_child_w = (_high_fd(fd) for fd in os.pipe())
        from_child_r, from_child_w = (_high_fd(fd) for fd in os.pipe())

        def wire_pipes():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self._proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            close_fds=False, preexec_fn=wire_pipes,  # dup2 leaves 3 and 4 inheritable
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._out = os.fdopen(to_child_w, "wb", buffering=0)
        self._in = os.fdopen(from_child_r, "rb", buffering=0)
        self._buf = b""
        self._next_id = 0
        self._events = []
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self._call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self._call("Page.enable", session=True)

    def _read_message(self):
        while b"\0" not in self._buf:
            chunk = self._in.read(1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def _call(self, method, session=False, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        self._out.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply["method"])

    def _wait_event(self, name):
        while name not in self._events:
            reply = self._read_message()
            if "method" in reply:
                self._events.append(reply["method"])
        self._events.clear()

    def screenshot(self, html_path, png_path, width, scale=1.0):
        """Render html_path at a CSS width of `width` px and save the whole page as PNG."""
        self._call("Emulation.setDeviceMetricsOverride", session=True,
                   width=width, height=800, deviceScaleFactor=scale, mobile=False)
        self._events.clear()
        self._call("Page.navigate", session=True, url=pathlib.Path(html_path).resolve().as_uri())
        self._wait_event("Page.loadEventFired")
        size = self._call("Runtime.evaluate", session=True, awaitPromise=True, returnByValue=True,
                          expression="document.fonts.ready.then(() => [document.documentElement.scrollWidth,"
                                     " Math.ceil(document.body.getBoundingClientRect().height)])")["result"]["value"]
        w, h = size
        self._call("Emulation.setDeviceMetricsOverride", session=True,
                   width=max(w, width), height=h, deviceScaleFactor=scale, mobile=False)
        shot = self._call("Page.captureScreenshot", session=True, format="png")
        pathlib.Path(png_path).write_bytes(base64.b64decode(shot["data"]))
        return w, h

    def print_pdf(self, html_path, pdf_path, landscape=False):
        """Print html_path to an A4 PDF with a text layer (Page.printToPDF), backgrounds on.
        Chromium stamps the time into the PDF; it is replaced by a fixed one of the same
        length so that two runs give the same bytes (the xref offsets stay valid)."""
        self._call("Emulation.clearDeviceMetricsOverride", session=True)
        self._events.clear()
        self._call("Page.navigate", session=True, url=pathlib.Path(html_path).resolve().as_uri())
        self._wait_event("Page.loadEventFired")
        self._call("Runtime.evaluate", session=True, awaitPromise=True, expression="document.fonts.ready.then(() => 1)")
        pdf = self._call("Page.printToPDF", session=True, landscape=landscape, printBackground=True,
                         paperWidth=8.27, paperHeight=11.69, marginTop=0.4, marginBottom=0.4,
                         marginLeft=0.4, marginRight=0.4, preferCSSPageSize=False,
                         generateTaggedPDF=False)["data"]   # tags carry session-wide DOM node ids
        data = base64.b64decode(pdf)
        data = re.sub(rb"\(D:\d{14}[^)]*\)", lambda m: b"(D:20240901000000" + b"Z" * (len(m.group(0)) - 18) + b")",
                      data)
        pathlib.Path(pdf_path).write_bytes(data)

    def close(self):
        try:
            self._call("Browser.close")
        except Exception:  # noqa: BLE001 - it may be gone already; we only want it stopped
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._profile.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
