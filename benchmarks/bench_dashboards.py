"""What a reader waits for, measured in headless Chromium: the what-if's update and the report's load.

``whatif``: ``tzcld-dashboard`` is started in a subprocess on a free local port (its results root
an empty folder) and opened in Debian's headless Chromium on the what-if of the pilot
(full transposition, 120 months, with its twin). Each update types a new take-up in the lever's
box (a setting not run before, so nothing comes from the cache; on the slider's 0.005 steps) and
leaves it; the update time
runs from the box's ``blur`` event to the last change of the page's cards and charts (a 10 ms
timer in the page records when they last changed), so it holds the two Dash round trips, the
server's callback (compose, validate, simulate, summarise, figures) and plotly's drawing. The
median over ``--updates`` settings is printed, after two warm-up updates; ``--baseline`` pins the
first settings first, so that each update also draws the comparison. Target: median <= 1.5 s.

``report``: a ``dashboard.html`` (``--page``, or one written from ``--results``) is opened
``--loads`` times; each load reports the browser's load event (navigation start to the end of
``load``) and when every figure of the first screen is drawn. Target: load <= 3 s.

Usage::

    .venv/bin/python benchmarks/bench_dashboards.py whatif                     # 9 updates, pilot
    .venv/bin/python benchmarks/bench_dashboards.py whatif --baseline --json whatif.json
    .venv/bin/python benchmarks/bench_dashboards.py report --results results/main/<time>
    .venv/bin/python benchmarks/bench_dashboards.py report --page results/main/<time>/dashboard.html

Nothing contacts any address but 127.0.0.1; the browser is Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
TARGET_WHATIF_SECONDS = 1.5
TARGET_LOAD_SECONDS = 3.0

# The page's own record of when its cards and charts last changed (a timer, not an animation
# frame, which headless pages may throttle).
MONITOR = """
window.__bench = {blur: null, last: null};
const signature = () => [...document.querySelectorAll('#whatif-cards, #whatif-charts .js-plotly-plot')]
  .map(g => g._fullData ? g._fullData.map(t => { const y = t.y || []; return y.length + ':' + y[y.length - 1]; })
  .join('|') : g.textContent).join('#');
let previous = signature();
setInterval(() => { const now = signature(); if (now !== previous) { previous = now;
  window.__bench.last = performance.now(); } }, 10);
document.addEventListener('blur', e => { if (e.target.closest && e.target.closest('#lever-takeup')) {
  window.__bench.blur = performance.now(); window.__bench.last = null; } }, true);
"""


def _driver(width: int = 1400, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}"):
        options.add_argument(argument)
    # nothing but 127.0.0.1: any other request goes to a closed port
    options.add_argument("--proxy-server=http://127.0.0.1:9")
    options.add_argument("--proxy-bypass-list=127.0.0.1")
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(predicate, timeout: float = 120.0, step: float = 0.05) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - the page re-renders under us
            pass
        time.sleep(step)
    raise TimeoutError(f"gave up after {timeout} s")


def _load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


# --------------------------------------------------------------------------- what-if
def bench_whatif(updates: int, baseline: bool, horizon: int) -> dict:
    from selenium.webdriver.common.keys import Keys

    port = _free_port()
    with tempfile.TemporaryDirectory() as empty:
        server = subprocess.Popen(
            [sys.executable, "-c", "from sim.app.cli import main; main()", "--results", empty, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        driver = None
        try:
            _wait(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() is None, timeout=120)
            driver = _driver()
            driver.get(f"http://127.0.0.1:{port}/?mode=whatif&horizon={horizon}")
            _wait(lambda: driver.execute_script("return document.querySelectorAll('#whatif-charts .main-svg').length"))
            if baseline:
                driver.find_element("id", "whatif-pin").click()
                _wait(lambda: "baseline=" in driver.current_url)
                _wait(lambda: driver.execute_script("return !!document.querySelector('#whatif-comparison')"))
            driver.execute_script(MONITOR)
            box = driver.find_element("css selector", "#lever-takeup input")
            seconds = []
            # new settings every time, on the slider's steps of 0.005 (it rounds what is typed):
            # 0.155, 0.160, ... are not in the what-if's cache
            for number in range(updates + 2):
                driver.execute_script("window.__bench.last = null; window.__bench.blur = null;")
                box.send_keys(Keys.CONTROL, "a")
                box.send_keys(f"{0.15 + 0.005 * (number + 1):.3f}")
                box.send_keys(Keys.TAB)
                _wait(
                    lambda: driver.execute_script("return window.__bench.blur !== null && window.__bench.last !== null")
                )
                # settled: no change for a second (every chart has been drawn)
                _wait(
                    lambda: driver.execute_script("return performance.now() - window.__bench.last > 1000"),
                    step=0.1,
                )
                elapsed = driver.execute_script("return (window.__bench.last - window.__bench.blur) / 1000")
                if number >= 2:  # two warm-up updates
                    seconds.append(elapsed)
            server_line = driver.execute_script(
                "const t = document.querySelector('#whatif-timing'); return t ? t.textContent : ''"
            )
        finally:
            if driver is not None:
                driver.quit()
            server.terminate()
            server.wait(timeout=30)
    median = statistics.median(seconds)
    return {
        "what": "what-if update, pilot, full transposition" + (", with a pinned baseline" if baseline else ""),
        "horizon_months": horizon,
        "updates": len(seconds),
        "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(median, 3),
        "last_server_line": server_line,
        "target_seconds": TARGET_WHATIF_SECONDS,
        "meets_target": median <= TARGET_WHATIF_SECONDS,
    }


# --------------------------------------------------------------------------- report
FIRST_SCREEN = """
const inView = [...document.querySelectorAll('div[id^="figure-"]')].filter(d => {
  if (d.offsetParent === null) { return false; }
  const r = d.getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; });
return inView.every(d => d.querySelector('.main-svg'));
"""


def bench_report(page: Path, loads: int) -> dict:
    driver = _driver(1300, 1000)
    results = []
    try:
        for _ in range(loads):
            driver.get("about:blank")
            start = time.perf_counter()
            driver.get(page.resolve().as_uri())  # returns after the load event
            _wait(lambda: driver.execute_script(FIRST_SCREEN), step=0.02)
            screen = time.perf_counter() - start
            timing = driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0];"
                "return [t.loadEventEnd, t.domContentLoadedEventEnd];"
            )
            drawn = driver.execute_script("return document.querySelectorAll('.js-plotly-plot').length")
            results.append({"load_seconds": timing[0] / 1000, "dom_seconds": timing[1] / 1000, "first_screen": screen})
            results[-1]["plots_drawn_at_first_screen"] = drawn
        figures = driver.execute_script("return document.querySelectorAll('div[id^=\"figure-\"]').length")
    finally:
        driver.quit()
    load = statistics.median(r["load_seconds"] for r in results)
    return {
        "what": "dashboard.html load in headless Chromium",
        "page": str(page),
        "megabytes": round(page.stat().st_size / 1e6, 2),
        "plots": figures,
        "loads": results,
        "median_load_seconds": round(load, 3),
        "median_first_screen_seconds": round(statistics.median(r["first_screen"] for r in results), 3),
        "target_seconds": TARGET_LOAD_SECONDS,
        "meets_target": load <= TARGET_LOAD_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    whatif = commands.add_parser("whatif", help="median update time of the what-if")
    whatif.add_argument("--updates", type=int, default=9)
    whatif.add_argument("--horizon", type=int, default=120)
    whatif.add_argument("--baseline", action="store_true", help="pin a baseline first")
    report = commands.add_parser("report", help="load time of a dashboard.html")
    source = report.add_mutually_exclusive_group(required=True)
    source.add_argument("--page", type=Path, help="a dashboard.html")
    source.add_argument("--results", type=Path, help="a results folder to write the page of (in a temporary file)")
    report.add_argument("--loads", type=int, default=5)
    for sub in (whatif, report):
        sub.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    before = _load_average()
    if args.command == "whatif":
        outcome = bench_whatif(args.updates, args.baseline, args.horizon)
    else:
        page = args.page
        with tempfile.TemporaryDirectory() as folder:
            if page is None:
                from sim.dashboard import load_results, write_dashboard

                page = write_dashboard(load_results(args.results), Path(folder) / "dashboard.html")
            outcome = bench_report(page, args.loads)
    outcome |= {
        "load_average_before": round(before, 2),
        "load_average_after": round(_load_average(), 2),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(outcome, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(outcome, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
