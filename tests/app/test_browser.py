"""The app in headless Chromium, as a user drives it: levers, shared addresses, refused paths,
a broken results folder. Uses dash[testing]'s ``dash_duo`` (options in tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from browser_helpers import BROWSER, cards, count, figure_y, open_page, query, set_lever, severe_logs, start, wait

from sim.app import whatif

pytestmark = BROWSER
HORIZON = 36  # short runs keep the suite fast; the code path is the same as 120 months


@pytest.fixture
def duo(dash_duo, results_root: Path):
    """dash_duo serving the app on a free local port."""
    return start(dash_duo, results_root)


def test_a_lever_reruns_the_pilot_and_updates_cards_chart_url_and_command(duo) -> None:
    open_page(duo, f"?mode=whatif&horizon={HORIZON}")
    wait(lambda: len(cards(duo)) >= 5 and figure_y(duo, "whatif-graph-waiting"), "the first what-if")
    before_cards, before_chart = cards(duo), figure_y(duo, "whatif-graph-waiting")
    assert "takeup" not in query(duo)

    set_lever(duo, "takeup", "0.45")
    wait(lambda: query(duo).get("takeup") == ["0.45"], "the URL to carry the lever")
    wait(lambda: cards(duo) != before_cards, "the cards to change")
    wait(lambda: figure_y(duo, "whatif-graph-waiting") != before_chart, "the chart to change")

    after = cards(duo)
    # more take-up, more volunteers: the direction a reader expects, not only "different"
    assert float(after["volunteers_total"]) > float(before_cards["volunteers_total"])
    command = duo.find_element("#whatif-command").text
    assert command.startswith("tzcld scenario=full_transposition territory=pilot seed=0")
    assert "scenario.volunteering.takeup.value=0.45" in command and f"horizon_months={HORIZON}" in command
    assert "Mis à jour en" in duo.find_element("#whatif-timing").text  # French, the default

    # the back button returns to the previous settings and their numbers
    duo.driver.back()
    wait(lambda: "takeup" not in query(duo) and cards(duo) == before_cards, "the previous state after Back")
    assert duo.find_element("#lever-takeup input").get_attribute("value") == f"{whatif.defaults()['takeup']:g}"
    assert severe_logs(duo) == []


def test_a_shared_url_restores_the_same_state_and_numbers(duo) -> None:
    shared = "?mode=whatif&lang=en&seed=2&horizon=48&takeup=0.4&financing=savings"
    open_page(duo, shared)
    wait(lambda: len(cards(duo)) >= 5, "the what-if of the shared address")
    assert duo.find_element("#lever-takeup input").get_attribute("value") == "0.4"
    assert duo.find_element("#lever-financing input[value=savings]").is_selected()
    assert duo.find_element("#whatif-seed").get_attribute("value") == "2"
    assert duo.find_element("#whatif-horizon").get_attribute("value") == "48"
    assert duo.find_element("#lang input[value=en]").is_selected()
    # restoring the state does not rewrite the address
    assert query(duo) == parse_qs(shared.lstrip("?"))
    # the numbers are those of the same run made in-process (hence of `tzcld` with the command shown)
    expected = whatif.run_whatif(whatif.overrides_for({"takeup": 0.4, "financing": "savings"}, 2, 48)).summary
    shown = cards(duo)
    assert float(shown["volunteers_total"]) == expected["volunteers_total"]
    assert float(shown["net_public_cost_per_fte_year"]) == pytest.approx(
        expected["net_public_cost_per_fte_year"], rel=1e-12
    )
    assert "scenario.fund.financing=savings" in duo.find_element("#whatif-command").text


def test_an_invalid_lever_is_refused_with_the_cli_message(duo) -> None:
    open_page(duo, f"?mode=whatif&lang=en&horizon={HORIZON}&contribution=1.05")
    wait(lambda: "expected share in [0, 1]" in duo.find_element("#whatif-error").text, "the validation message")
    message = duo.find_element("#whatif-error").text
    assert "scenario.fund.contribution_share_of_wage.value = 1.05" in message
    assert "nothing was simulated" in message and "Traceback" not in message
    assert count(duo, ".headline-card") == 0


def test_paths_out_of_the_results_root_are_refused(duo) -> None:
    for requested in ("../../etc", "escape", "/etc"):  # climbing out, a symbolic link out, absolute
        open_page(duo, f"?results={requested}")
        wait(lambda: "refusé" in duo.find_element("#browse-message").text, f"the refusal of {requested}")
        message = duo.find_element("#browse-message").text
        assert requested in message and "racine des résultats" in message and "Traceback" not in message
        assert count(duo, ".headline-card") == 0 and count(duo, "#browse-graph") == 0
        # the address keeps what was asked (the page does not quietly drop it)
        assert query(duo)["results"] == [requested]


def test_a_malformed_results_folder_shows_a_clear_message(duo) -> None:
    open_page(duo, "?results=broken")
    wait(lambda: "not valid JSON" in duo.find_element("#browse-message").text, "the message")
    message = duo.find_element("#browse-message").text
    assert "manifest.json" in message and "Traceback" not in message
    open_page(duo, "?results=does/not/exist&lang=en")
    wait(lambda: "does not exist" in duo.find_element("#browse-message").text, "the missing-folder message")


def test_browsing_a_run_draws_the_views_with_filters(duo, results_root: Path) -> None:
    summary = json.loads((results_root / "runs" / "pilot_seed1" / "summary.json").read_text())
    open_page(duo, "?results=runs/pilot_seed1&lang=en")
    wait(lambda: cards(duo).get("volunteers_total") is not None, "the headline cards")
    assert float(cards(duo)["volunteers_total"]) == summary["volunteers_total"]
    assert "tzcld" in duo.find_element("#browse-command-line").text

    open_page(duo, "?results=runs/pilot_seed1&view=fan&column=volunteers_waiting&years=2028-2028")
    wait(lambda: figure_y(duo, "browse-graph"), "the fan chart")
    # one year kept: 12 months in every trace
    assert {len(y) for y in figure_y(duo, "browse-graph")} == {12}

    # the folder of both runs, filtered to the second seed: its numbers, and the filter stays
    second = json.loads((results_root / "runs" / "pilot_seed2" / "summary.json").read_text())
    assert second["volunteers_total"] != summary["volunteers_total"]
    open_page(duo, "?results=runs&replication=2")
    wait(lambda: cards(duo).get("volunteers_total") == repr(float(second["volunteers_total"])), "the filtered cards")
    assert query(duo)["replication"] == ["2"]

    open_page(duo, "?results=runs/pilot_seed1&view=sankey")
    wait(lambda: duo.driver.execute_script("return !!document.querySelector('#browse-graph-1 .sankey')"), "the Sankey")
    assert severe_logs(duo) == []
