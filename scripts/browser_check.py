#!/usr/bin/env python3
"""Renders slasim's HTML reports in a real headless Chromium and fails on what a reader would see.

Usage: browser_check.py OUTDIR REPORT.html...

For each report, at the width of an A4 page (210 mm = 794 CSS px), through the DevTools
protocol: fails on any console error or uncaught exception, on any request that is not the
file itself (no script, font or image from the network), on a chart (`svg.chart`) with no
drawn marks (`.mark`), and on a layout wider than the page. Writes a full-page screenshot
(OUTDIR/NAME.png) and the A4 print (OUTDIR/NAME.pdf) for a person to look at.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import websocket  # websocket-client, pinned in tools/requirements.txt

A4_WIDTH_PX = 794


def start_chromium(profile):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        sys.exit("browser_check: chromium is not installed (make browser-check installs Debian's)")
    args = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"]
    process = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stderr.readline()
        match = re.search(r"DevTools listening on (ws://\S+)", line)
        if match:
            return process, match.group(1)
    process.kill()
    sys.exit("browser_check: chromium did not start within 30 s")


class Session:
    """One page target, driven with flattened sessions over the browser's socket."""

    def __init__(self, browser_url):
        self.ws = websocket.create_connection(browser_url, timeout=60)
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and getattr(self, "session", None):
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(json.loads(self.ws.recv()))
        raise RuntimeError(f"timed out waiting for {method}")


MEASURE = """
(() => {
  const charts = [...document.querySelectorAll('svg.chart')].map(svg => ({
    id: svg.getAttribute('aria-labelledby'),
    title: svg.querySelector('title') ? svg.querySelector('title').textContent : '',
    marks: svg.querySelectorAll('.mark').length,
    hasDesc: !!svg.querySelector('desc'),
    width: svg.getBoundingClientRect().width,
  }));
  return JSON.stringify({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    height: document.documentElement.scrollHeight,
    scripts: document.querySelectorAll('script').length,
    charts,
  });
})()
"""


def check(browser_url, path, outdir):
    problems = []
    s = Session(browser_url)
    for domain in ("Page", "Runtime", "Log", "Network"):
        s.call(f"{domain}.enable")
    s.call("Emulation.setDeviceMetricsOverride",
           {"width": A4_WIDTH_PX, "height": 1123, "deviceScaleFactor": 1, "mobile": False})
    url = "file://" + os.path.abspath(path)
    s.call("Page.navigate", {"url": url})
    s.wait_for("Page.loadEventFired")
    page = json.loads(s.call("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True})["result"]["value"])
    for event in s.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append(f"console error: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            problems.append(f"console error: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent":
            requested = params["request"]["url"]
            if requested != url and not requested.startswith("data:"):
                problems.append(f"loads {requested}: a report must be self-contained")
    if page["scrollWidth"] > page["clientWidth"]:
        problems.append(f"layout is {page['scrollWidth']} px wide on a {page['clientWidth']} px (A4) page")
    if page["scripts"]:
        problems.append(f"{page['scripts']} script element(s): the report needs none")
    if not page["charts"]:
        problems.append("no chart")
    for chart in page["charts"]:
        if chart["marks"] == 0:
            problems.append(f"chart '{chart['title']}' has no drawn marks")
        if not chart["hasDesc"] or not chart["title"]:
            problems.append(f"chart '{chart['title']}' lacks a <title> or <desc>")
    name = os.path.splitext(os.path.basename(path))[0]
    s.call("Emulation.setDeviceMetricsOverride",
           {"width": A4_WIDTH_PX, "height": page["height"], "deviceScaleFactor": 1, "mobile": False})
    shot = s.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    with open(os.path.join(outdir, name + ".png"), "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    pdf = s.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True})
    with open(os.path.join(outdir, name + ".pdf"), "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    s.ws.close()
    marks = sum(c["marks"] for c in page["charts"])
    return problems, f"{len(page['charts'])} charts, {marks} marks, {page['scrollWidth']} px wide"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    outdir, reports = sys.argv[1], sys.argv[2:]
    os.makedirs(outdir, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="slasim-chromium-")
    process, browser_url = start_chromium(profile)
    failed = False
    try:
        for path in reports:
            problems, summary = check(browser_url, path, outdir)
            status = "FAIL" if problems else "ok"
            print(f"browser-check {status}: {path}: {summary}")
            for p in problems:
                print(f"  {path}: {p}")
            failed = failed or bool(problems)
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"browser-check: screenshots and A4 prints in {outdir}/")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
