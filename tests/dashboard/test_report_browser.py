"""dashboard.html in headless Chromium, as a steering committee reads it: every chart renders as it
scrolls into view, nothing is fetched from the network, the FR/EN toggle switches words and
figures, French pages write French numbers and dates, no chart offers to upload itself, the
answer table, its downloads and the glossary work, and the figures never mislead (one sign
convention, percentage points, "never k/n", a Sankey without loops or overlapping labels)."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.dashboard import load_results

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

# The title of the first chart shown to each language (a fan chart of scheme jobs).
FIRST_TITLE = {
    "fr": "Emplois du dispositif (EBE et contrats aidés)",
    "en": "Scheme jobs (EBE and subsidised)",
}
CLOUD = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio")
FRENCH_MONTHS = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
ENGLISH_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
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
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _open(browser, page: Path, lang: str | None = None) -> None:
    browser.get(page.resolve().as_uri())
    if lang and browser.execute_script("return document.documentElement.getAttribute('data-lang')") != lang:
        browser.find_element("id", "lang-toggle").click()


def _wait(predicate, what: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _draw_by_scrolling(browser) -> int:
    """Scroll the whole page down, as a reader does, until every visible figure is drawn."""
    height = browser.execute_script("return document.body.scrollHeight")
    for y in range(0, height + 1000, 700):
        browser.execute_script("window.scrollTo(0, arguments[0])", y)
        time.sleep(0.05)
    visible = "[...document.querySelectorAll('div[id^=\"figure-\"]')].filter(d => d.offsetParent !== null)"
    _wait(
        lambda: browser.execute_script(f"return {visible}.every(d => d.querySelector('.main-svg'))"),
        "every visible figure to be drawn",
    )
    return browser.execute_script(f"return {visible}.length")


def _visible_plots(browser, selector: str = ".js-plotly-plot") -> str:
    return f"[...document.querySelectorAll('{selector}')].filter(p => p.offsetParent !== null)"


def test_dashboard_renders_offline_as_it_scrolls_and_switches_language(browser, main_job_dir: Path) -> None:
    page = main_job_dir / "dashboard.html"
    _open(browser, page)
    figures = browser.execute_script("return document.querySelectorAll('div[id^=\"figure-\"]').length")
    assert figures >= 20  # 10 figures or more, each in French and English
    # Drawn lazily: at first only what is near the screen (the answer table comes first).
    drawn_at_load = browser.execute_script("return document.querySelectorAll('.js-plotly-plot').length")
    assert drawn_at_load < figures / 2
    visible = _draw_by_scrolling(browser)
    assert visible == figures / 2  # every French figure, drawn on its way into view
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
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.execute_script("return document.documentElement.getAttribute('data-lang')") == "fr"
    first = f"return {_visible_plots(browser)}[0].querySelector('.gtitle').textContent"
    assert browser.execute_script(first) == FIRST_TITLE["fr"]
    toggle = browser.find_element("id", "lang-toggle")
    assert toggle.text == "English"
    toggle.click()
    assert browser.execute_script("return document.documentElement.getAttribute('data-lang')") == "en"
    assert toggle.text == "Français"
    assert browser.find_element("tag name", "h2").text == "The answer in one table"
    _draw_by_scrolling(browser)
    assert browser.execute_script(first) == FIRST_TITLE["en"]
    # The figures that became visible are drawn at the page's width, not plotly's default 700 px.
    width = f"return {_visible_plots(browser)}[0].getBoundingClientRect().width"
    assert browser.execute_script(width) > 1000
    toggle.click()
    assert browser.execute_script(first) == FIRST_TITLE["fr"]
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_no_chart_offers_to_upload_itself(browser, main_job_dir: Path) -> None:
    for lang in ("fr", "en"):
        _open(browser, main_job_dir / "dashboard.html", lang)
        _draw_by_scrolling(browser)
        # plotly's own list of the buttons it drew, and their tooltips, for every chart of the page
        names = browser.execute_script(
            f"return {_visible_plots(browser)}.map(p => p._fullLayout._modeBar.buttons.flat()"
            ".map(b => typeof b === 'string' ? b : b.name))"
        )
        assert names and all(names), "every chart has its mode bar"
        assert not [n for buttons in names for n in buttons if n in CLOUD]
        titles = browser.execute_script(
            "return [...document.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'))"
        )
        assert titles and not [t for t in titles if t in ("Share chart...", "Edit in Chart Studio")]


def test_french_pages_write_french_dates_and_numbers(browser, main_job_dir: Path) -> None:
    ticks = (
        "return {x: [...document.querySelectorAll('.js-plotly-plot .xtick text')].filter(t => t.closest('.lang-' + "
        "arguments[0]) && t.closest('.lang-' + arguments[0]).offsetParent !== null).map(t => t.textContent),"
        " y: [...document.querySelectorAll('.js-plotly-plot .ytick text')].filter(t => t.closest('.lang-' + "
        "arguments[0]) && t.closest('.lang-' + arguments[0]).offsetParent !== null).map(t => t.textContent),"
        " titles: [...document.querySelectorAll('.js-plotly-plot .ytitle')].filter(t => t.closest('.lang-' + "
        "arguments[0]) && t.closest('.lang-' + arguments[0]).offsetParent !== null).map(t => t.textContent)}"
    )
    _open(browser, main_job_dir / "dashboard.html", "fr")
    _draw_by_scrolling(browser)
    french = browser.execute_script(ticks, "fr")
    months = [t for t in french["x"] if re.fullmatch(r"\S+ \d{4}", t)]
    assert months and {t.split()[0] for t in months} <= FRENCH_MONTHS, months
    assert not [t for t in french["x"] if t.split()[0] in ENGLISH_MONTHS]
    assert not [t for t in french["y"] if "." in t or t[-1:] in ("k", "M", "B", "G")], french["y"]
    assert any("," in t for t in french["y"])  # a decimal comma somewhere (0,5 M€)
    assert any(title.startswith(("k€", "M€", "Md€")) or "(k€" in title or "(M€" in title for title in french["titles"])
    _open(browser, main_job_dir / "dashboard.html", "en")
    _draw_by_scrolling(browser)
    english = browser.execute_script(ticks, "en")
    assert any(t.startswith(("Jan", "Jul")) for t in english["x"])
    assert not [t for t in english["y"] if "," in t and len(t) < 4]


def _paired_legend(browser, page: Path) -> list[str]:
    _open(browser, page, "fr")
    _draw_by_scrolling(browser)
    return browser.execute_script(
        "const g = [...document.querySelectorAll('.lang-fr .js-plotly-plot')]"
        ".find(p => p.querySelector('.gtitle') && p.querySelector('.gtitle').textContent.startsWith('Les modèles'));"
        "return [...g.querySelectorAll('.legendtext')].map(t => t.textContent);"
    )


def test_main_jobs_and_experiments_share_one_sign_convention(
    browser, main_job_dir: Path, real_experiment_dir: Path, tmp_path: Path
) -> None:
    from sim.dashboard import write_dashboard

    # the main job computes its differences, the experiment reads its own (written the other way round)
    main = _paired_legend(browser, main_job_dir / "dashboard.html")
    page = write_dashboard(load_results(real_experiment_dir), tmp_path / "experiment.html")
    assert main == _paired_legend(browser, page)
    assert main == ["Acteurs existants − Transposition complète"]


def test_the_designs_compared_state_their_sign_and_units(browser, main_job_dir: Path) -> None:
    _open(browser, main_job_dir / "dashboard.html", "fr")
    _draw_by_scrolling(browser)
    figure = browser.execute_script(
        "return [...document.querySelectorAll('.lang-fr .js-plotly-plot')]"
        ".find(p => p.querySelector('.gtitle') && p.querySelector('.gtitle').textContent.startsWith('Les modèles'))"
        ".id"
    )
    title = browser.execute_script(f"return document.getElementById('{figure}').querySelector('.gtitle').textContent")
    assert "le premier modèle nommé moins le second" in title
    texts = browser.execute_script(
        f"return [...document.getElementById('{figure}').querySelectorAll('.annotation-text')].map(a => a.textContent)"
    )
    assert "Taux d'activation (évité / dépensé) (points de %)" in texts
    assert not [t for t in texts if t.endswith("(%)")]
    # the designs never reach exhaustivity in the same runs: the panel says so instead of an empty axis
    assert any("jamais" in t for t in texts), texts
    legend = browser.execute_script(
        f"return [...document.getElementById('{figure}').querySelectorAll('.legendtext')].map(t => t.textContent)"
    )
    assert legend == ["Acteurs existants − Transposition complète"]
    # activation rate: plotted in points (|difference| of a share of at most 1 is up to 100 points)
    x = browser.execute_script(
        f"const g = document.getElementById('{figure}');"
        "return g._fullData.filter(t => t.meta.indicator === 'activation_rate').map(t => t.x[0]);"
    )
    results = load_results(main_job_dir)
    row = results.paired[results.paired["indicator"] == "activation_rate"].iloc[0]
    assert x == [pytest.approx(row["median"] * 100)]


def test_the_sankey_reads_left_to_right_with_room_for_its_labels(browser, main_job_dir: Path) -> None:
    _open(browser, main_job_dir / "dashboard.html", "fr")
    _draw_by_scrolling(browser)
    sankeys = browser.execute_script(
        f"return {_visible_plots(browser)}.filter(p => p.querySelector('.sankey')).map(p => p.id)"
    )
    assert sankeys
    for figure in sankeys:
        state = browser.execute_script(
            f"const g = document.getElementById('{figure}');"
            "const links = [...g.querySelectorAll('.sankey-link')].map(l => l.__data__.link);"
            "const labels = [...g.querySelectorAll('.node-label')].map(t => t.getBoundingClientRect())"
            "  .filter(r => r.width > 0).map(r => [r.left, r.top, r.right, r.bottom]);"
            "const nodes = [...g.querySelectorAll('.sankey-node')].map(n => [n.__data__.node.label, "
            "  n.querySelector('.node-rect').getBoundingClientRect().height]);"
            "return {circular: links.filter(l => l.circular).length, self: links.filter(l => l.source === l.target)"
            ".length, labels: labels, nodes: nodes};"
        )
        assert state["circular"] == 0 and state["self"] == 0
        boxes = state["labels"]
        overlaps = [
            (a, b)
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        ]
        assert not overlaps, overlaps
        heights = dict(state["nodes"])
        if "Fonds TZCLD" in heights:  # the full transposition: the fund is the hub of its money
            assert heights["Fonds TZCLD"] >= 0.5 * max(heights.values())


def test_cards_give_period_price_basis_and_one_scale_per_unit(browser, main_job_dir: Path) -> None:
    _open(browser, main_job_dir / "dashboard.html", "fr")
    block = browser.find_element("xpath", "//div[contains(@class, 'lang-fr')][.//div[@class='cards']]")
    text = block.text
    assert "Période : janv. 2027 – juin 2029 (30 mois)" in text
    assert "euros courants de chaque année simulée (nominaux)" in text
    values = browser.execute_script(
        "return [...document.querySelectorAll('.lang-fr .card dd')].map(d => [d.dataset.indicator, "
        "d.querySelector('.value').textContent])"
    )
    per_fte = [v for key, v in values if key.endswith("per_fte_year") and v != "n.d."]
    assert per_fte and all(v.endswith(" k€") for v in per_fte), per_fte  # never "7 760 €" beside "30,7 k€"
    keys = {key for key, _ in values}
    # what a committee asks first
    assert {
        "net_public_cost_eur",
        "net_public_cost_eur_year",
        "long_term_jobless_fall_end",
        "net_cost_by_payer",
    } <= keys
    payers = [v for key, v in values if key == "net_cost_by_payer"]
    assert payers and all(line.split(" : ")[1][0] in "+-" for line in payers[0].splitlines())


def test_the_answer_table_its_downloads_and_the_glossary(browser, main_job_dir: Path) -> None:
    _open(browser, main_job_dir / "dashboard.html", "fr")
    assert browser.find_element("tag name", "h2").text == "La réponse en un tableau"
    table = browser.find_element("css selector", ".lang-fr table.answer")
    header = [th.text for th in table.find_elements("css selector", "thead th")]
    assert header == ["", "Transposition complète", "Acteurs existants"]
    note = browser.find_element("css selector", ".lang-fr .answer-header").text
    assert "scénario moins jumeau" in note and "euros courants" in note and "Période" in note
    rows = {r.get_attribute("data-row"): r.text for r in table.find_elements("css selector", "tbody tr")}
    assert "net_public_cost_per_fte_year" in rows and "(k€ par ETP-année)" in rows["net_public_cost_per_fte_year"]
    assert "jamais 2/2" in rows["months_to_exhaustivity"]
    # the evaluation's measure (issue 10) is a number; an indicator the runs lack says it is not
    # there, rather than showing one (territories_stopped until issue 11's runs have it)
    assert "(k€ par ETP-année)" in rows["eval_net_cost_per_fte_year"]
    assert "non disponible" not in rows["eval_net_cost_per_fte_year"]
    summary = json.loads(next(main_job_dir.glob("full_transposition_*/summary.json")).read_text(encoding="utf-8"))
    assert ("non disponible pour ces simulations" in rows["territories_stopped"]) is (
        "territories_stopped" not in summary
    )

    # Every indicator's label, in the table and on the cards, leads to its glossary entry.
    links = browser.execute_script(
        "return [...document.querySelectorAll('.lang-fr table.answer th a.term, .lang-fr .card dt a.term')]"
        ".map(a => a.getAttribute('href'))"
    )
    labels = browser.execute_script(
        "return document.querySelectorAll('.lang-fr table.answer tbody th, .lang-fr .card dt').length"
    )
    assert len(links) == labels
    assert all(browser.execute_script("return !!document.getElementById(arguments[0])", h[1:]) for h in links)
    browser.find_element("css selector", ".lang-fr .card dt a.term[href='#glossary-fr-activation_rate']").click()
    assert browser.execute_script("return location.hash") == "#glossary-fr-activation_rate"
    target = browser.find_element("id", "glossary-fr-activation_rate")
    assert target.is_displayed() and target.text == "Taux d'activation"

    # The downloads hold the table's numbers.
    from sim.report import answer as A

    expected = A.answer_table(load_results(main_job_dir).runs, load_results(main_job_dir).payers, "fr")
    for fmt in ("csv", "xlsx"):
        target = browser.downloads / f"tzcld-reponse.{fmt}"
        target.unlink(missing_ok=True)
        browser.find_element("css selector", f".lang-fr a.download[data-format={fmt}]").click()
        _wait(lambda t=target: t.exists() and t.stat().st_size > 0, f"the {fmt} download")
        if fmt == "csv":
            frame = pd.DataFrame(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")))))
            medians = dict(zip(frame["Clé"] + frame["Modèle"], frame["Médiane"], strict=True))
        else:
            frame = pd.read_excel(target, sheet_name="Réponse")
            medians = dict(zip(frame["Clé"] + frame["Modèle"], frame["Médiane"], strict=True))
        line = expected[(expected["row"] == "net_public_cost_eur") & (expected["design"] == "full_transposition")]
        assert float(medians["net_public_cost_eurTransposition complète"]) == pytest.approx(line["median"].iloc[0])
