"""dashboard.html in headless Chromium: every chart renders, no console error, nothing is fetched
from the network, and the FR/EN toggle switches the page's words and the figures' labels."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Chromium and its driver at /usr/bin/chromium and /usr/bin/chromedriver "
        "(apt install chromium chromium-driver)",
    ),
]

# The title of the first figure shown to each language (a fan chart of scheme jobs).
FIRST_TITLE = {
    "fr": "Emplois du dispositif (EBE et contrats aidés)",
    "en": "Scheme jobs (EBE and subsidised)",
}


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1300,1000",
        # No network: any http(s) request would go to a closed local port and fail.
        "--proxy-server=http://127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def _visible_first_title(driver) -> str:
    return driver.execute_script(
        "const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.offsetParent !== null);"
        "return plots.length ? plots[0].querySelector('.gtitle').textContent : '';"
    )


def test_dashboard_renders_offline_and_switches_language(browser, main_job_dir: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = main_job_dir / "dashboard.html"
    browser.get(page.resolve().as_uri())
    figures = browser.execute_script("return document.querySelectorAll('div[id^=\"figure-\"]').length")
    assert figures >= 20  # 10 figures or more, each in French and English
    # Every figure's div becomes a plotly graph with its SVG drawn.
    WebDriverWait(browser, 60).until(
        lambda d: (
            d.execute_script(
                "return [...document.querySelectorAll('div[id^=\"figure-\"]')]"
                ".filter(div => div.classList.contains('js-plotly-plot') && div.querySelector('.main-svg')).length"
            )
            == figures
        )
    )
    assert browser.execute_script("return document.querySelectorAll('.js-plotly-plot .main-svg').length") >= figures
    assert browser.execute_script("return document.querySelectorAll('.sankey').length") >= 1
    assert browser.execute_script("return document.querySelectorAll('.updatemenu-container').length") >= 1

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors
    urls = browser.execute_script(
        "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".map(e => e.name)"
    )
    assert urls and all(url.startswith(("file:", "data:", "blob:")) for url in urls), urls

    # French first (the default), then English after one click, then back.
    assert browser.execute_script("return document.documentElement.getAttribute('data-lang')") == "fr"
    assert _visible_first_title(browser) == FIRST_TITLE["fr"]
    toggle = browser.find_element(By.ID, "lang-toggle")
    assert toggle.text == "English"
    toggle.click()
    assert browser.execute_script("return document.documentElement.getAttribute('data-lang')") == "en"
    assert _visible_first_title(browser) == FIRST_TITLE["en"]
    assert toggle.text == "Français"
    assert browser.find_element(By.TAG_NAME, "h2").text == "Headline figures by design"
    # The figures that became visible were resized to the page, not left at plotly's default 700 px.
    width = browser.execute_script(
        "return [...document.querySelectorAll('.lang-en .js-plotly-plot')][0].getBoundingClientRect().width"
    )
    assert width > 1000
    toggle.click()
    assert _visible_first_title(browser) == FIRST_TITLE["fr"]
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
