"""The client side of bench/pipeline.sh: uploads documents to a running `ly serve` and reads back what its
executions recorded. One process with keep-alive-free urllib calls, so the client takes little CPU from the server.

  pipeline_client.py overhead BASE TOKEN FILE COUNT
  pipeline_client.py throughput BASE TOKEN ENGINE_RATE THREADS FILE...
"""
import collections
import datetime
import json
import statistics
import sys
import time
import urllib.request
import uuid

# The extraction engine's states; everything else in an execution is the pipeline's own cost.
ENGINE_STATES = {"Read Text Layer", "Preprocess Image", "Run OCR", "Preprocess Document", "Run Page OCR",
                 "Combine Pages"}


class Api:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def call(self, path, body=None, content_type=None):
        request = urllib.request.Request(self.base + path, data=body, headers={"Authorization": "Bearer " + self.token})
        if content_type:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)

    def upload(self, path):
        boundary = uuid.uuid4().hex
        name = path.rsplit("/", 1)[-1]
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode()
        with open(path, "rb") as file:
            body = head + file.read() + f"\r\n--{boundary}--\r\n".encode()
        return self.call("/api/v1/documents", body, f"multipart/form-data; boundary={boundary}")["documentId"]

    def busy(self):
        return sum(len(self.call(f"/api/v1/documents?status={status}&limit=100")["documents"])
                   for status in ("pending", "processing"))


def seconds(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def overhead(api, path, count):
    overheads, totals, by_state = [], [], collections.defaultdict(list)
    for _ in range(count):
        document = api.upload(path)
        while api.call(f"/api/v1/documents/{document}")["status"] in ("pending", "processing"):
            time.sleep(0.02)
        states = [s for s in api.call(f"/api/v1/documents/{document}/execution")["states"] if s["exitedAt"]]
        total = (seconds(states[-1]["exitedAt"]) - seconds(states[0]["enteredAt"])) * 1000
        totals.append(total)
        overheads.append(total - sum(s["durationMs"] for s in states if s["name"] in ENGINE_STATES))
        for state in states:
            by_state[state["name"]].append(state["durationMs"])
    name = path.rsplit("/", 1)[-1]
    print(f"overhead: {count} × {name}, one at a time: execution median {statistics.median(totals):.1f} ms; "
          f"pipeline overhead (outside the engine) median {statistics.median(overheads):.1f} ms, "
          f"max {max(overheads):.1f} ms")
    print("  median per state: " + ", ".join(f"{k} {statistics.median(v):.0f} ms" for k, v in by_state.items()))


def throughput(api, engine_rate, threads, paths):
    began = time.time()
    documents = [api.upload(path) for path in paths]
    uploaded = time.time()
    while api.busy():
        time.sleep(1)
    # The end is when the last execution finished, as the server recorded it (not when a poll noticed).
    ended = max(seconds(api.call(f"/api/v1/documents/{d}/execution")["updatedAt"]) for d in documents)
    outcomes = collections.Counter(api.call(f"/api/v1/documents/{d}")["status"] for d in documents)
    rate = len(documents) / (ended - began)
    print(f"throughput: {len(documents)} documents queued ({uploaded - began:.1f} s to upload them), {threads} "
          f"processing threads: {rate:.2f} documents/s ({ended - began:.1f} s; outcomes {dict(outcomes)})")
    print(f"  engine alone, {threads} threads in process: {engine_rate:.2f} documents/s; "
          f"pipeline / engine = {rate / engine_rate:.2f}")


if __name__ == "__main__":
    mode, base, token = sys.argv[1:4]
    if mode == "overhead":
        overhead(Api(base, token), sys.argv[4], int(sys.argv[5]))
    else:
        throughput(Api(base, token), float(sys.argv[4]), sys.argv[5], sys.argv[6:])
