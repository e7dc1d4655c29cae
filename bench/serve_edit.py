#!/usr/bin/env python3
"""Time from a one-file edit to the rebuilt page being served by `okrbook serve`.

usage: serve_edit.py OKRBOOK_BINARY HANDBOOK_DIR [ROUNDS]

Starts `okrbook serve` on a free loopback port, then ROUNDS times rewrites
the title of one objective and polls its page until the new title is served.
Prints each latency and the median, in milliseconds.
"""
import http.client
import pathlib
import statistics
import subprocess
import sys
import time


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    body = connection.getresponse().read().decode("utf-8", "replace")
    connection.close()
    return body


def main():
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    source = sorted((root / "content").glob("team-*/2026-Q4/*.md"))[0]
    page = "/" + str(source.relative_to(root / "content").with_suffix(".html"))
    server = subprocess.Popen(
        [binary, "serve", str(root), "--port", "0", "--as-of", "2026-11-21"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        original = source.read_text()
        title = next(l for l in original.splitlines() if l.startswith("title: "))
        latencies = []
        for round_number in range(rounds):
            marker = f"Edited title number {round_number} {time.time_ns()}"
            start = time.perf_counter()
            source.write_text(original.replace(title, f"title: {marker}", 1))
            while marker not in get(port, page):
                if time.perf_counter() - start > 30:
                    raise SystemExit("the edit was never served")
                time.sleep(0.002)
            latencies.append((time.perf_counter() - start) * 1000)
            time.sleep(0.5)
        source.write_text(original)
        for value in latencies:
            print(f"edit served after {value:.0f} ms")
        print(f"median {statistics.median(latencies):.0f} ms over {rounds} edits ({page})")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
