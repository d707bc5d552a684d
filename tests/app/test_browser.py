"""The app in headless Chromium, as a user drives it: levers, shared addresses, refused paths,
a broken results folder. Uses dash[testing]'s ``dash_duo`` (options in tests/conftest.py)."""

from __future__ import annotations

import json
import shutil
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from sim.app import whatif
from sim.app.server import create_app

CHROMIUM = Path("/usr/bin/chromium")
_missing = (
    f"{CHROMIUM} is missing (install Debian's chromium and chromium-driver, as .ci/run does)"
    if not CHROMIUM.exists()
    else "chromedriver is not on PATH (install Debian's chromium-driver, as .ci/run does)"
    if shutil.which("chromedriver") is None
    else None
)
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_missing is not None, reason=_missing or "")]

TIMEOUT = 30  # seconds; the machine is shared, a what-if takes about one
HORIZON = 36  # short runs keep the suite fast; the code path is the same as 120 months


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def duo(dash_duo, results_root: Path):
    """dash_duo serving the app on a free local port."""
    dash_duo.start_server(create_app(results_root), port=_free_port())
    return dash_duo


def _open(duo, query: str) -> None:
    duo.driver.get(f"{duo.server_url}/{query}")


def _cards(duo) -> dict[str, str]:
    """Indicator -> median of the headline cards on the page (read in one script: no implicit wait)."""
    script = (
        "return Object.fromEntries(Array.from(document.querySelectorAll('.headline-card'))"
        ".map(e => [e.dataset.indicator, e.dataset.median]));"
    )
    return duo.driver.execute_script(script)


def _count(duo, selector: str) -> int:
    """How many elements match, now (find_elements would wait for one to appear)."""
    return duo.driver.execute_script("return document.querySelectorAll(arguments[0]).length;", selector)


def _figure_y(duo, graph_id: str) -> list:
    """The y values of every trace of a plotly graph, as the browser holds them."""
    script = (
        f"const g = document.querySelector('#{graph_id} .js-plotly-plot');"
        "return g && g._fullData ? g._fullData.map(t => Array.from(t.y || [])) : null;"
    )
    return duo.driver.execute_script(script)


def _wait(predicate, what: str, timeout: float = TIMEOUT) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - the page re-renders under us; try again
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _query(duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(duo.driver.current_url).query)


def _set_lever(duo, name: str, value: str) -> None:
    """Type a value in the lever's box and leave it (the slider commits on blur)."""
    from selenium.webdriver.common.keys import Keys

    box = duo.find_element(f"#lever-{name} input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(value)
    box.send_keys(Keys.TAB)


def _severe_logs(duo) -> list:
    return [entry for entry in duo.get_logs() or [] if entry.get("level") == "SEVERE"]


def test_a_lever_reruns_the_pilot_and_updates_cards_chart_url_and_command(duo) -> None:
    _open(duo, f"?mode=whatif&horizon={HORIZON}")
    _wait(lambda: len(_cards(duo)) >= 5 and _figure_y(duo, "whatif-graph-waiting"), "the first what-if")
    before_cards, before_chart = _cards(duo), _figure_y(duo, "whatif-graph-waiting")
    assert "takeup" not in _query(duo)

    _set_lever(duo, "takeup", "0.45")
    _wait(lambda: _query(duo).get("takeup") == ["0.45"], "the URL to carry the lever")
    _wait(lambda: _cards(duo) != before_cards, "the cards to change")
    _wait(lambda: _figure_y(duo, "whatif-graph-waiting") != before_chart, "the chart to change")

    after = _cards(duo)
    # more take-up, more volunteers: the direction a reader expects, not only "different"
    assert float(after["volunteers_total"]) > float(before_cards["volunteers_total"])
    command = duo.find_element("#whatif-command").text
    assert command.startswith("tzcld scenario=full_transposition territory=pilot seed=0")
    assert "scenario.volunteering.takeup.value=0.45" in command and f"horizon_months={HORIZON}" in command
    assert "Updated in" in duo.find_element("#whatif-timing").text

    # the back button returns to the previous settings and their numbers
    duo.driver.back()
    _wait(lambda: "takeup" not in _query(duo) and _cards(duo) == before_cards, "the previous state after Back")
    assert duo.find_element("#lever-takeup input").get_attribute("value") == f"{whatif.defaults()['takeup']:g}"
    assert _severe_logs(duo) == []


def test_a_shared_url_restores_the_same_state_and_numbers(duo) -> None:
    query = "?mode=whatif&lang=en&seed=2&horizon=48&takeup=0.4&financing=savings"
    _open(duo, query)
    _wait(lambda: len(_cards(duo)) >= 5, "the what-if of the shared address")
    assert duo.find_element("#lever-takeup input").get_attribute("value") == "0.4"
    assert duo.find_element("#lever-financing input[value=savings]").is_selected()
    assert duo.find_element("#whatif-seed").get_attribute("value") == "2"
    assert duo.find_element("#whatif-horizon").get_attribute("value") == "48"
    assert duo.find_element("#lang input[value=en]").is_selected()
    # restoring the state does not rewrite the address
    assert _query(duo) == parse_qs(query.lstrip("?"))
    # the numbers are those of the same run made in-process (hence of `tzcld` with the command shown)
    expected = whatif.run_whatif(whatif.overrides_for({"takeup": 0.4, "financing": "savings"}, 2, 48)).summary
    cards = _cards(duo)
    assert float(cards["volunteers_total"]) == expected["volunteers_total"]
    assert float(cards["net_public_cost_per_fte_year"]) == pytest.approx(
        expected["net_public_cost_per_fte_year"], rel=1e-12
    )
    assert "scenario.fund.financing=savings" in duo.find_element("#whatif-command").text


def test_an_invalid_lever_is_refused_with_the_cli_message(duo) -> None:
    _open(duo, f"?mode=whatif&horizon={HORIZON}&contribution=1.05")
    _wait(lambda: "expected share in [0, 1]" in duo.find_element("#whatif-error").text, "the validation message")
    message = duo.find_element("#whatif-error").text
    assert "scenario.fund.contribution_share_of_wage.value = 1.05" in message
    assert "nothing was simulated" in message and "Traceback" not in message
    assert _count(duo, ".headline-card") == 0


def test_paths_out_of_the_results_root_are_refused(duo) -> None:
    for requested in ("../../etc", "escape", "/etc"):  # climbing out, a symbolic link out, absolute
        _open(duo, f"?results={requested}")
        _wait(lambda: "refused" in duo.find_element("#browse-message").text, f"the refusal of {requested}")
        message = duo.find_element("#browse-message").text
        assert requested in message and "results root" in message and "Traceback" not in message
        assert _count(duo, ".headline-card") == 0 and _count(duo, "#browse-graph") == 0
        # the address keeps what was asked (the page does not quietly drop it)
        assert _query(duo)["results"] == [requested]


def test_a_malformed_results_folder_shows_a_clear_message(duo) -> None:
    _open(duo, "?results=broken")
    _wait(lambda: "not valid JSON" in duo.find_element("#browse-message").text, "the message")
    message = duo.find_element("#browse-message").text
    assert "manifest.json" in message and "Traceback" not in message
    _open(duo, "?results=does/not/exist")
    _wait(lambda: "does not exist" in duo.find_element("#browse-message").text, "the missing-folder message")


def test_browsing_a_run_draws_the_views_with_filters(duo, results_root: Path) -> None:
    summary = json.loads((results_root / "runs" / "pilot_seed1" / "summary.json").read_text())
    _open(duo, "?results=runs/pilot_seed1&lang=en")
    _wait(lambda: _cards(duo).get("volunteers_total") is not None, "the headline cards")
    assert float(_cards(duo)["volunteers_total"]) == summary["volunteers_total"]
    assert "tzcld" in duo.find_element("#browse-command-line").text

    _open(duo, "?results=runs/pilot_seed1&view=fan&column=volunteers_waiting&years=2028-2028")
    _wait(lambda: _figure_y(duo, "browse-graph"), "the fan chart")
    # one year kept: 12 months in every trace
    assert {len(y) for y in _figure_y(duo, "browse-graph")} == {12}

    # the folder of both runs, filtered to the second seed: its numbers, and the filter stays
    second = json.loads((results_root / "runs" / "pilot_seed2" / "summary.json").read_text())
    assert second["volunteers_total"] != summary["volunteers_total"]
    _open(duo, "?results=runs&replication=2")
    _wait(lambda: _cards(duo).get("volunteers_total") == repr(float(second["volunteers_total"])), "the filtered cards")
    assert _query(duo)["replication"] == ["2"]

    _open(duo, "?results=runs/pilot_seed1&view=sankey")
    _wait(lambda: duo.driver.execute_script("return !!document.querySelector('#browse-graph .sankey')"), "the Sankey")
    assert _severe_logs(duo) == []
