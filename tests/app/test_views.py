"""The page's content without a browser: folders opened through the root's guard, filters, the
report's figures reused for results and for a what-if."""

from __future__ import annotations

import json
from pathlib import Path

from sim.app import views, whatif
from sim.app.urlstate import DEFAULT, VIEWS, decode


def _page(root: Path, query: str) -> views.BrowsePage:
    return views.browse_page(root, decode(query)[0])


def test_a_run_opens_with_its_answer_cards_and_command(results_root: Path) -> None:
    page = _page(results_root, "?results=runs/pilot_seed1")
    assert not page.error and page.message is None
    assert "answer" in str(page.content[2])  # the one-table answer comes first
    text = str(page.content)
    summary = json.loads((results_root / "runs" / "pilot_seed1" / "summary.json").read_text())
    assert f"data-median='{float(summary['volunteers_total'])!r}'" in text
    assert "tzcld" in str(page.command)


def test_every_view_of_a_folder_of_runs_draws_or_explains(results_root: Path) -> None:
    for view in VIEWS:
        page = _page(results_root, f"?results=runs&view={view}")
        assert not page.error, (view, page.message)
        assert len(page.content) >= 2, view


def test_filters_keep_the_chosen_runs_and_years(results_root: Path) -> None:
    results = views.open_results(results_root, "runs")
    assert set(results.ok_runs["seed"]) == {1, 2}
    state = DEFAULT.replace(replication=(2,), years=(2028, 2028), design=("full_transposition",))
    shown = views.filter_results(results, state)
    assert list(shown.runs["seed"]) == [2]
    assert set(shown.timeseries["date"].dt.year) == {2028} and set(shown.ledger["date"].dt.year) == {2028}
    none = views.filter_results(results, DEFAULT.replace(territory=("coeur_du_hainaut",)))
    assert none.runs.empty and none.timeseries.empty
    assert (
        _page(results_root, "?results=runs&territory=coeur_du_hainaut&lang=en").message == "No run matches the filters."
    )
    assert _page(results_root, "?results=runs&territory=coeur_du_hainaut").message == (
        "Aucune simulation ne correspond aux filtres."
    )


def test_refused_missing_and_malformed_folders_give_messages(results_root: Path) -> None:
    for query, fragment in (
        ("?results=../../etc", "outside the results root"),
        ("?results=escape", "symbolic link"),
        ("?results=/etc", "not relative to the results root"),
        ("?results=broken", "not valid JSON"),
        ("?results=nowhere", "does not exist"),
    ):
        page = _page(results_root, query + "&lang=en")
        assert page.error and fragment in page.message, (query, page.message)
        assert page.content == []
    assert "does not exist" in _page(results_root / "missing", "?lang=en").message
    assert not _page(results_root, "").error
    # and in French, the page's default
    for query, fragment in (
        ("?results=../../etc", "hors de la racine des résultats"),
        ("?results=escape", "lien symbolique"),
        ("?results=nowhere", "n'existe pas"),
    ):
        assert fragment in _page(results_root, query).message
    assert "n'existe pas" in _page(results_root / "missing", "").message


def test_dropdown_options_hold_the_values_chosen(results_root: Path) -> None:
    state = decode("?results=../../etc&design=full_transposition&replication=7&years=2030-2031")[0]
    options = views.control_options(results_root, state, with_folders=True)
    values = {key: [o["value"] for o in items] for key, items in options.items()}
    assert "../../etc" in values["results"] and "runs/pilot_seed1" in values["results"] and "runs" in values["results"]
    assert "escape" not in values["results"]
    assert values["design"] == ["full_transposition"] and values["replication"] == [7]
    assert values["years"] == [2030, 2031]
    listed = views.control_options(results_root, decode("?results=runs")[0], with_folders=False)
    assert "results" not in listed and [o["value"] for o in listed["replication"]] == [1, 2]


def test_a_whatif_is_drawn_by_the_report_figures() -> None:
    result = whatif.run_whatif(whatif.overrides_for({"takeup": 0.35}, 1, 24))
    runs, timeseries, _, payers = views.whatif_tables(result)
    assert runs.loc[0, "volunteers_total"] == result.summary["volunteers_total"]
    assert "scheme_fte" in timeseries and payers
    cards, charts = views.whatif_views(result, "en")
    assert "headline-card" in str(cards) and len(charts) == 3
    # with a pinned baseline: a comparison table with the difference, and the charts draw both
    baseline = whatif.run_whatif(whatif.overrides_for({"takeup": 0.2}, 1, 24))
    cards, charts = views.whatif_views(result, "en", baseline)
    assert len(charts) == 4 and "Difference (current − baseline)" in str(charts[0])
    # the graph holds the figure as plotly.js draws it (a dict, with the report's template)
    figure = charts[1].figure
    assert figure["layout"]["template"]["layout"]
    names = {trace.get("name") for trace in figure["data"] if trace.get("showlegend") is not False}
    assert {"Baseline", "Current settings"} <= names
