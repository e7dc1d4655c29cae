#!/usr/bin/env python3
"""How many rebuilds `okrbook serve` makes for one `git checkout` of many files.

usage: checkout_rebuilds.py OKRBOOK_BINARY GENERATE_BINARY [OBJECTIVES]

Generates two handbooks of OBJECTIVES (default 10000) objectives with
different seeds as two commits of one git repository in a temporary folder,
serves it, checks out one commit and the other twice, and prints how many
builds serve made after each checkout (one is the goal: the quiet period
must outlast the gaps between a checkout's file writes).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def git(root, *args):
    subprocess.run(["git", "-C", root, "-c", "user.email=bench@example.com",
                    "-c", "user.name=bench", *args], check=True,
                   stdout=subprocess.DEVNULL)


def main():
    binary, generate = sys.argv[1], sys.argv[2]
    count = sys.argv[3] if len(sys.argv) > 3 else "10000"
    work = tempfile.mkdtemp(prefix="okrbook-checkout.")
    try:
        root, other = os.path.join(work, "handbook"), os.path.join(work, "other")
        subprocess.run([generate, count, root, "42"], check=True, stdout=subprocess.DEVNULL)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "seed 42")
        subprocess.run([generate, count, other, "43"], check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(os.path.join(root, "content"))
        shutil.copytree(os.path.join(other, "content"), os.path.join(root, "content"))
        git(root, "add", "-A")
        git(root, "commit", "-qm", "seed 43")
        server = subprocess.Popen(
            [binary, "serve", root, "--port", "0", "--as-of", "2026-11-21"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        builds = []

        def read():
            for line in server.stderr:
                if line.startswith("Built") or "failed" in line:
                    builds.append(line.strip())

        threading.Thread(target=read, daemon=True).start()
        server.stdout.readline()
        while not builds:
            time.sleep(0.1)
        try:
            for ref in ["HEAD~1", "main", "HEAD~1", "main"]:
                before = len(builds)
                started = time.perf_counter()
                git(root, "checkout", "-q", ref)
                took = time.perf_counter() - started
                # The first build, then long enough for another full one.
                while len(builds) == before:
                    time.sleep(0.1)
                first = time.perf_counter()
                time.sleep(max(15.0, 2 * (first - started)))
                print(f"checkout {ref} ({took:.1f} s): {len(builds) - before} build(s)")
        finally:
            server.terminate()
            server.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
