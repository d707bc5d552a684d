"""The app in headless Chromium, as a steering committee's analyst uses it: no view averages designs
or territories, no chart offers to upload itself, every word follows the language, the what-if's
fixed budget has its field and runs, lever labels read well, the folder menu says what each
folder is, slider boxes stay, the Sankey has no loops, cards say their period, price basis and
payers, the answer table downloads and its labels lead to the glossary, and the what-if covers the
existing actors and the basin with a pinned baseline. Each test fails on the app before issue 15."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from browser_helpers import BROWSER, CLOUD, cards, count, open_page, query, set_lever, start, visible_text, wait

pytestmark = BROWSER
HORIZON = 36
JOB = "main/job"
PAIRS = {
    ("pilot", "full_transposition"),
    ("pilot", "existing_actors"),
    ("coeur_du_hainaut", "full_transposition"),
    ("coeur_du_hainaut", "existing_actors"),
}


@pytest.fixture
def duo(dash_duo, committee_root: Path):
    return start(dash_duo, committee_root)


def _panels(duo) -> list[dict]:
    """Each figure of the view: its panel's design and territory, and plotly's data of it."""
    return duo.driver.execute_script(
        "return [...document.querySelectorAll('#browse-content .js-plotly-plot')].map(g => {"
        " const panel = g.closest('.browse-panel');"
        " return {territory: panel ? panel.dataset.territory : null, scenario: panel ? panel.dataset.scenario : null,"
        "  traces: g._fullData.map(t => ({meta: t.meta || null, y: Array.from(t.y || []), yaxis: t.yaxis || null,"
        "   type: t.type}))};});"
    )


def _loaded(duo, view: str) -> None:
    open_page(duo, f"?results={JOB}&view={view}&lang=en")
    wait(lambda: count(duo, "#browse-content .js-plotly-plot .main-svg") >= 1, f"the {view} view", 60)
    time.sleep(1.0)  # the view's other figures


def test_no_view_pools_designs_or_territories(duo, committee_root: Path) -> None:
    from sim.dashboard import load_results, run_figures

    # who pays: one chart per design and territory, each the numbers of its own runs
    _loaded(duo, "payers")
    panels = _panels(duo)
    assert len(panels) == 4 and {(p["territory"], p["scenario"]) for p in panels} == PAIRS
    results = load_results(committee_root / JOB)
    for panel in panels:
        ledger = results.ledger[
            (results.ledger["territory"] == panel["territory"]) & (results.ledger["scenario"] == panel["scenario"])
        ]
        expected = run_figures.yearly_net_by_payer(ledger, results.payers).groupby("year")["net_eur"].sum()
        total = next(t for t in panel["traces"] if t["meta"] == {"payer": "all_payers"})
        drawn = run_figures.payer_bars(ledger, results.payers, "en").layout.meta["divisor"]
        assert total["y"] == pytest.approx((expected / drawn).tolist(), rel=1e-9)

    # the money flows: one Sankey per design and territory
    _loaded(duo, "sankey")
    panels = _panels(duo)
    assert {(p["territory"], p["scenario"]) for p in panels} == PAIRS and len(panels) == 4

    # over time: the basin and the pilot on axes of their own, each design its own line
    _loaded(duo, "fan")
    [fan] = _panels(duo)
    axes: dict[str, set] = {}
    for trace in fan["traces"]:
        axes.setdefault(trace["meta"]["territory"], set()).add(trace["yaxis"])
    assert len(axes) == 2 and all(len(a) == 1 for a in axes.values()) and axes["pilot"] != axes["coeur_du_hainaut"]
    medians = {(t["meta"]["territory"], t["meta"]["scenario"]) for t in fan["traces"] if t["meta"]["stat"] == "median"}
    assert medians == PAIRS


def test_no_chart_offers_to_upload_itself(duo) -> None:
    for query_string in (f"?results={JOB}&view=fan", f"?mode=whatif&horizon={HORIZON}"):
        open_page(duo, query_string)
        wait(lambda: count(duo, ".js-plotly-plot .modebar") >= 1, "a chart and its mode bar", 60)
        names = duo.driver.execute_script(
            "return [...document.querySelectorAll('.js-plotly-plot')].map(p => p._fullLayout._modeBar.buttons.flat()"
            ".map(b => typeof b === 'string' ? b : b.name))"
        )
        assert names and not [n for buttons in names for n in buttons if n in CLOUD]


ENGLISH = (
    "Results folder",
    "View",
    "Series (fan chart)",
    "Replication",
    "From year",
    "To year",
    "Browse results",
    "Language",
    "Updated in",
    "Equivalent command",
    "Seed",
    "Horizon (months)",
    "Policy levers",
    "Uncertainties",
    "Volunteers among the eligible",
    "Fund financing rule",
    "fixed_shares",
    "choose a folder",
    "Headline",
    "Pin these settings",
    "Glossary",
)
FRENCH = (
    "Dossier de résultats",
    "Vue",
    "Réplication",
    "De l'année",
    "Parcourir les résultats",
    "Langue",
    "Mis à jour en",
    "Commande équivalente",
    "Graine aléatoire",
    "Leviers de décision",
    "Incertitudes",
    "Volontaires parmi les éligibles",
    "Règle de financement du fonds",
    "Épingler",
    "Glossaire",
)


def test_every_control_and_message_follows_the_language(duo) -> None:
    for lang, own, other in (("fr", FRENCH, ENGLISH), ("en", ENGLISH, FRENCH)):
        for mode in ("whatif", "browse"):
            open_page(duo, f"?mode={mode}&lang={lang}&horizon={HORIZON}&results={JOB}")
            if mode == "whatif":
                wait(lambda: count(duo, "#whatif-timing") == 1, "the what-if", 60)
            else:
                wait(lambda: count(duo, ".headline-card") > 0, "the cards", 60)
            text = visible_text(duo)
            leaked = [words for words in other if words in text.replace("Mode", "")]
            assert not leaked, (lang, mode, leaked)
            if mode == "whatif":
                assert [words for words in own if words in text], (lang, mode)
    # the what-if's charts write dates and numbers the French way
    open_page(duo, f"?mode=whatif&horizon={HORIZON}")
    wait(lambda: count(duo, "#whatif-graph-payers .main-svg") >= 1, "the what-if's charts", 60)
    ticks = duo.driver.execute_script(
        "return [...document.querySelectorAll('#whatif-graph-fte .xtick text, #whatif-graph-payers .ytick text')]"
        ".map(t => t.textContent)"
    )
    assert any(t.startswith("janv.") or t.isdigit() for t in ticks) and not any(t.startswith("Jan") for t in ticks)
    assert not [t for t in ticks if t.endswith(("M", "k", "B"))]


def test_the_fixed_budget_has_a_field_and_runs(duo) -> None:
    open_page(duo, f"?mode=whatif&horizon={HORIZON}&financing=fixed_budget")
    wait(lambda: len(cards(duo)) >= 5 or count(duo, "#whatif-error .app-error"), "the what-if of a fixed budget", 60)
    assert count(duo, "#whatif-error .app-error") == 0, duo.find_element("#whatif-error").text
    field = duo.find_element("#lever-budget")
    assert field.is_displayed() and float(field.get_attribute("value")) > 0
    assert "45 mois" in duo.find_element("#lever-note-budget").text
    before = float(cards(duo)["public_spending_eur"])
    set_lever(duo, "budget", "2000000")
    wait(lambda: query(duo).get("budget") == ["2000000.0"], "the URL to carry the budget")
    wait(lambda: float(cards(duo)["public_spending_eur"]) < before, "less money spent with a smaller budget", 60)
    assert "scenario.fund.budget_eur.value=2000000.0" in duo.find_element("#whatif-command").text
    assert float(cards(duo)["public_spending_eur"]) <= 2_000_000 * 1.0001
    # the field is for that rule only
    duo.find_element("#lever-financing input[value=fixed_shares]").click()
    wait(lambda: not duo.find_element("#lever-block-budget").is_displayed(), "the budget field to go")


def test_lever_labels_read_well(duo) -> None:
    open_page(duo, "?mode=whatif&lang=en&horizon=12")
    wait(lambda: count(duo, "#whatif-timing") == 1, "the what-if", 60)
    labels = duo.driver.execute_script(
        "return [...document.querySelectorAll('[id^=lever-]')].filter(e => /^lever-[a-z0-9_]+$/.test(e.id)"
        " && !/^lever-(block|label|note)/.test(e.id)).map(e => {"
        " let n = e; while (n && !n.querySelector(':scope > label')) { n = n.parentElement; }"
        " return n.querySelector(':scope > label').textContent; })"
    )
    assert labels and not [label for label in labels if "[" in label or "see contribution_basis" in label]
    for label in labels:  # no phrase said twice ("… cost) [share of the … cost …]")
        words = label.lower().replace("(", " ").replace(")", " ").split()
        assert not any(
            words[i : i + 3] == words[j : j + 3] for i in range(len(words)) for j in range(i + 1, len(words))
        )
    choices = duo.driver.execute_script(
        "return [...document.querySelectorAll('#lever-financing label')].map(l => l.textContent.trim())"
    )
    assert choices == ["Fixed shares of the payers", "Each payer's measured savings", "A fixed budget for a period"]


def test_the_folder_menu_is_grouped_and_says_what_each_folder_is(duo) -> None:
    open_page(duo, "?lang=en")
    wait(lambda: count(duo, "#results-dir") == 1, "the page")
    duo.find_element("#results-dir").click()
    wait(lambda: count(duo, ".dash-dropdown-options [role=option]") > 0, "the folder menu")
    options = duo.driver.execute_script(
        "return [...document.querySelectorAll('.dash-dropdown-options [role=option]')].map(o => o.textContent.trim())"
    )
    assert options == [
        "— Main jobs (tzcld-main) —",
        "main/job  (main job, 4 runs)",
        "— Folders of runs —",
        "runs  (folder of runs, 2 runs)",
        "— Single runs (tzcld) —",
        "runs/existing_actors_pilot_seed0  (run)",
        "runs/full_transposition_pilot_seed0  (run)",
        "— Unreadable —",
        "runs/broken  (unreadable)",
    ]


def test_slider_boxes_stay_at_every_width(duo) -> None:
    open_page(duo, "?mode=whatif&horizon=12")
    wait(lambda: count(duo, "#whatif-timing") == 1, "the what-if", 60)
    for width in range(560, 1500, 60):
        duo.driver.set_window_size(width, 1000)
        time.sleep(0.3)
        shown = duo.driver.execute_script(
            "return [...document.querySelectorAll('.dash-slider-container')].map(c => {"
            " const box = c.querySelector('input[type=number]');"
            " return !!box && getComputedStyle(box).display !== 'none' && box.offsetWidth > 0; })"
        )
        assert shown and all(shown), (width, shown)
    duo.driver.set_window_size(1400, 1000)


def test_the_app_sankey_has_no_loops(duo) -> None:
    _loaded(duo, "sankey")
    state = duo.driver.execute_script(
        "return [...document.querySelectorAll('#browse-content .js-plotly-plot')].map(g => "
        "[...g.querySelectorAll('.sankey-link')].filter(l => l.__data__.link.circular "
        "|| l.__data__.link.source === l.__data__.link.target).length)"
    )
    assert state and state == [0] * len(state)


def test_cards_state_period_price_basis_and_who_pays(duo) -> None:
    open_page(duo, f"?results={JOB}")
    wait(lambda: count(duo, ".headline-card") > 0, "the cards", 60)
    context = duo.find_element("#browse-content").text
    assert "Période : janv. 2027 – déc. 2028 (24 mois)" in context and "euros courants" in context
    shown = cards(duo)
    assert {
        "net_public_cost_eur",
        "net_public_cost_eur_year",
        "long_term_jobless_fall_end",
        "net_cost_by_payer",
    } <= set(shown)
    per_fte = duo.driver.execute_script(
        "return [...document.querySelectorAll('.headline-card')]"
        ".filter(c => c.dataset.indicator.endsWith('per_fte_year'))"
        ".map(c => c.querySelector('.card-value').textContent)"
    )
    assert per_fte and all(v.endswith(" k€") for v in per_fte if v != "n.d."), per_fte


def test_the_answer_table_downloads_and_leads_to_the_glossary(duo, committee_root: Path, tmp_path: Path) -> None:
    duo.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_page(duo, f"?results={JOB}")
    wait(lambda: count(duo, "table.answer") == 2, "the answer tables (one per territory)", 60)
    header = duo.driver.execute_script(
        "return [...document.querySelectorAll('table.answer')[0].querySelectorAll('thead th')].map(t => t.textContent)"
    )
    assert header == ["", "Transposition complète", "Acteurs existants"]
    links = duo.driver.execute_script(
        "return [...document.querySelectorAll('table.answer tbody th a.term, .headline-card a.term')]"
        ".map(a => a.getAttribute('href'))"
    )
    labels = count(duo, "table.answer tbody th") + count(duo, ".headline-card")
    assert len(links) == labels
    assert all(duo.driver.execute_script("return !!document.getElementById(arguments[0])", h[1:]) for h in links)
    duo.find_element("table.answer tbody th a.term[href='#glossary-fr-exhaustivity']").click()
    wait(lambda: duo.driver.execute_script("return location.hash") == "#glossary-fr-exhaustivity", "the glossary")
    assert duo.find_element("#glossary-fr-exhaustivity").text == "Exhaustivité"

    from sim.dashboard import load_results
    from sim.report import answer as A

    results = load_results(committee_root / JOB)
    expected = A.answer_table(results.runs, results.payers, "fr")
    line = expected[(expected["row"] == "net_public_cost_eur") & (expected["design"] == "existing_actors")]
    for fmt, button in (("csv", "#download-csv"), ("xlsx", "#download-xlsx")):
        duo.find_element(button).click()
        target = tmp_path / f"tzcld-reponse.{fmt}"
        wait(lambda t=target: t.exists() and t.stat().st_size > 0, f"the {fmt} download", 60)
        frame = pd.read_csv(target, encoding="utf-8-sig") if fmt == "csv" else pd.read_excel(target, "Réponse")
        rows = frame[(frame["Clé"] == "net_public_cost_eur") & (frame["Modèle"] == "Acteurs existants")]
        assert rows["Médiane"].tolist() == pytest.approx(line["median"].tolist())
        assert set(rows["Territoire"]) == {"Micro-territoire pilote", "Bassin Cœur du Hainaut"}


def test_the_wider_whatif_with_a_pinned_baseline(duo) -> None:
    open_page(duo, f"?mode=whatif&horizon={HORIZON}&lang=en")
    wait(lambda: len(cards(duo)) >= 5, "the first what-if", 60)
    first = cards(duo)
    duo.find_element("#whatif-pin").click()
    wait(lambda: "baseline" in query(duo), "the baseline in the address")
    set_lever(duo, "takeup", "0.45")
    wait(lambda: count(duo, "#whatif-comparison table.answer") == 1 and cards(duo) != first, "the comparison", 60)
    header = duo.driver.execute_script(
        "return [...document.querySelectorAll('#whatif-comparison thead th')].map(t => t.textContent)"
    )
    assert header == ["", "Baseline", "Current settings", "Difference (current − baseline)"]
    row = duo.driver.execute_script(
        "return [...document.querySelectorAll('#whatif-comparison tr[data-row=scheme_people_end] td')]"
        ".map(t => Number(t.textContent.split(' ')[0].replace(',', '')))"
    )
    assert row[2] == row[1] - row[0] and row[1] != row[0]
    # the existing actors: their own levers, the full transposition's dimmed
    duo.find_element("#whatif-design input[value=existing_actors]").click()
    wait(lambda: query(duo).get("wdesign") == ["existing_actors"], "the design in the address")
    wait(lambda: "Existing actors" in duo.find_element("#whatif-cards").text, "the existing actors' cards", 60)
    assert "not used by this design" in duo.find_element("#lever-note-contribution").text
    assert duo.find_element("#lever-note-art60_places").text == ""
    assert duo.find_element("#whatif-command").text.startswith("tzcld scenario=existing_actors territory=pilot")
    # the whole basin, on a short horizon
    open_page(duo, "?mode=whatif&lang=en&horizon=6&wterritory=coeur_du_hainaut&wdesign=existing_actors")
    wait(lambda: "Coeur du Hainaut basin" in duo.find_element("#whatif-cards").text, "the basin's cards", 120)
    assert "territory=coeur_du_hainaut" in duo.find_element("#whatif-command").text
