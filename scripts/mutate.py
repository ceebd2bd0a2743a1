#!/usr/bin/env python3
"""Mutation check of the engine's tests (make mutate; issue 6, item 8).

Applies each one-line mutation of scripts/mutations.json to the source tree in turn, builds,
runs the tests with the golden snapshots skipped, and reports whether some test failed
(caught) or all passed (survived). The file is restored after each mutation, also on Ctrl-C.
Exits 1 when a mutation survives or no longer applies (its text is not in the file exactly
once), so a refactoring that moves the code has to update the list.
"""
import json
import os
import signal
import subprocess
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
swift = os.environ.get("SWIFT", "swift")
mutations = json.load(open("scripts/mutations.json"))
only = sys.argv[1:]  # optional: numbers of the mutations to run
results = []
current = None  # (path, original text) while a mutation is applied


def restore(*_):
    if current:
        with open(current[0], "w") as f:
            f.write(current[1])
    if _:
        sys.exit(130)


signal.signal(signal.SIGINT, restore)
signal.signal(signal.SIGTERM, restore)

for number, m in enumerate(mutations, 1):
    if only and str(number) not in only:
        continue
    path = m["file"]
    text = open(path).read()
    label = f"M{number:02d} {m['what']} ({os.path.basename(path)})"
    if text.count(m["from"]) != 1:
        results.append((label, f"stale: its text occurs {text.count(m['from'])} times"))
        print(f"{label}: stale", flush=True)
        continue
    current = (path, text)
    try:
        with open(path, "w") as f:
            f.write(text.replace(m["from"], m["to"]))
        started = time.time()
        build = subprocess.run([swift, "build", "--build-tests"], capture_output=True, text=True)
        if build.returncode != 0:
            verdict = "caught (does not compile)"
        else:
            test = subprocess.run(
                [swift, "test", "--skip-build", "--skip", "shippedScenarioMatchesSnapshot"],
                capture_output=True, text=True)
            failed = sorted({line.split("Test ")[1].split("(")[0] for line in test.stdout.splitlines()
                             if line.startswith("✘ Test ") and "recorded an issue" in line})
            if test.returncode != 0:
                verdict = "caught by " + (", ".join(failed[:3]) + (" …" if len(failed) > 3 else "") if failed else "a failing test run")
            else:
                verdict = "SURVIVED"
        print(f"{label}: {verdict} [{time.time() - started:.0f} s]", flush=True)
        results.append((label, verdict))
    finally:
        restore()
        current = None

subprocess.run([swift, "build", "--build-tests"], capture_output=True)
caught = sum(1 for _, v in results if v.startswith("caught"))
print(f"\n{caught} of {len(results)} mutations caught")
for label, verdict in results:
    if not verdict.startswith("caught"):
        print(f"  {label}: {verdict}")
sys.exit(0 if caught == len(results) and results else 1)
