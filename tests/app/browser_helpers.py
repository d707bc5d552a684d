"""What the app's browser tests share: the skip when Chromium is missing, a free port, waiting,
and reading the page in one script (``find_elements`` would wait for an element to appear)."""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
_missing = (
    f"{CHROMIUM} is missing (install Debian's chromium and chromium-driver, as .ci/run does)"
    if not CHROMIUM.exists()
    else "chromedriver is not on PATH (install Debian's chromium-driver, as .ci/run does)"
    if shutil.which("chromedriver") is None
    else None
)
BROWSER = [pytest.mark.browser, pytest.mark.skipif(_missing is not None, reason=_missing or "")]

TIMEOUT = 30  # seconds; the machine is shared, a what-if takes about one
CLOUD = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(dash_duo, root: Path):
    """dash_duo serving the app of ``root`` on a free local port."""
    from sim.app.server import create_app

    dash_duo.start_server(create_app(root), port=free_port())
    return dash_duo


def open_page(duo, query: str) -> None:
    duo.driver.get(f"{duo.server_url}/{query}")


def cards(duo) -> dict[str, str]:
    """Indicator -> median of the headline cards on the page."""
    script = (
        "return Object.fromEntries(Array.from(document.querySelectorAll('.headline-card'))"
        ".map(e => [e.dataset.indicator, e.dataset.median]));"
    )
    return duo.driver.execute_script(script)


def count(duo, selector: str) -> int:
    """How many elements match, now."""
    return duo.driver.execute_script("return document.querySelectorAll(arguments[0]).length;", selector)


def figure_y(duo, graph_id: str) -> list:
    """The y values of every trace of a plotly graph, as the browser holds them."""
    script = (
        f"const g = document.querySelector('#{graph_id} .js-plotly-plot');"
        "return g && g._fullData ? g._fullData.map(t => Array.from(t.y || [])) : null;"
    )
    return duo.driver.execute_script(script)


def wait(predicate, what: str, timeout: float = TIMEOUT) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - the page re-renders under us; try again
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def query(duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(duo.driver.current_url).query)


def set_lever(duo, name: str, value: str) -> None:
    """Type a value in the lever's box and leave it (the slider and the field commit on blur)."""
    from selenium.webdriver.common.keys import Keys

    box = duo.find_element(f"#lever-{name} input, input#lever-{name}")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(value)
    box.send_keys(Keys.TAB)


def severe_logs(duo) -> list:
    return [entry for entry in duo.get_logs() or [] if entry.get("level") == "SEVERE"]


def visible_text(duo) -> str:
    """The text a reader sees on the page, placeholders and menu entries included."""
    return duo.driver.execute_script(
        "const shown = [...document.querySelectorAll('input[placeholder]')].map(i => i.placeholder);"
        "return document.body.innerText + '\\n' + shown.join('\\n');"
    )
