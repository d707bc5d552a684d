"""The app, served on 127.0.0.1 and asked over HTTP: what it does not serve is a plain 404."""

from __future__ import annotations

import http.client
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from sim.app.server import create_app

OUTSIDE = [
    "/_dash-component-suites/dash/../../../../etc/passwd",
    "/_dash-component-suites/dash/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/_dash-component-suites/dash/..%2f..%2f..%2fsim%2fcli.py",
    "/_dash-component-suites/..%2f..%2fsim/cli.py",
    "/_dash-component-suites/os/passwd",
    "/_dash-component-suites/sim/cli.py",
    "/_dash-component-suites/dash/deps/not-a-script.js",
    "/_dash-component-suites/plotly/package_data/../../../../etc/passwd",
    "/etc/passwd",
    "/..%2f..%2fetc%2fpasswd",
    "/runs/pilot_seed1",
    "/nope",
    "/assets/../../etc/passwd",
]


@pytest.fixture(scope="module")
def served(results_root: Path) -> Iterator[int]:
    """The app on 127.0.0.1 (a free port), as tzcld-dashboard serves it."""
    server = make_server("127.0.0.1", 0, create_app(results_root).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)


def get(port: int, path: str) -> tuple[int, str]:
    """GET ``path`` exactly as written (no client-side normalisation of ``..``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def test_the_page_and_its_scripts_are_served(served: int) -> None:
    status, page = get(served, "/")
    assert status == 200 and "dash_renderer" in page
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(scripts) >= 5, page[:500]
    for script in scripts:
        assert get(served, script)[0] == 200, script
    assert get(served, "/?view=table")[0] == 200


@pytest.mark.parametrize("path", OUTSIDE)
def test_a_path_outside_what_the_app_serves_is_404_without_a_traceback(
    served: int, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    get(served, "/")  # the scripts are registered when the page is first served
    with caplog.at_level(logging.DEBUG):
        status, body = get(served, path)
    assert status == 404, (path, body[:300])
    assert "root:" not in body and "Traceback" not in body and "DependencyException" not in body
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "Traceback" not in logged and "Exception on" not in logged, logged
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
