"""Shared pytest configuration.

Dash's browser fixtures (``dash_duo``, from the dash[testing] plugin) drive Debian's Chromium
with its chromedriver, both installed from apt (see ``.ci/run``); no test downloads a browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


@pytest.hookimpl(optionalhook=True)  # the hook is declared by dash[testing]'s plugin
def pytest_setup_options():
    """Selenium options for dash[testing]'s browser: headless Debian Chromium, no sandbox (CI
    containers run as root) and no GPU."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    return options
