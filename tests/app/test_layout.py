"""sim.app.layout: the what-if's controls under two headings, policy levers then uncertainties."""

from __future__ import annotations

from pathlib import Path

from sim.app import layout, whatif
from sim.app.server import create_app
from sim.config.uncertainties import LEVER, levers


def _flat(component) -> list:
    """The component and all its descendants, in page order."""
    found = [component]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if hasattr(child, "to_plotly_json"):
            found += _flat(child)
    return found


def test_levers_and_uncertainties_are_grouped_under_their_headings() -> None:
    page = [getattr(c, "id", None) for c in _flat(layout.whatif_section())]
    levers_at, uncertainties_at = page.index(layout.LEVERS_HEADING), page.index(layout.UNCERTAINTIES_HEADING)
    assert levers_at < uncertainties_at
    for lever in whatif.levers():
        position = page.index(layout.lever_id(lever.name))
        if lever.kind == LEVER:
            assert levers_at < position < uncertainties_at, lever.name
        else:
            assert position > uncertainties_at, lever.name
    # the page's decision levers are the file's: the per-FTE contribution, the financing rule and
    # its budget, the article 60 places of the existing actors
    listed = {entry.path for entry in levers()}
    assert {lever.name for lever in whatif.levers() if lever.path in listed} == {
        "contribution",
        "financing",
        "budget",
        "art60_places",
    }


def test_lever_labels_read_well() -> None:
    titles = {lever.name: layout.lever_title(lever, "en") for lever in whatif.levers()}
    # the unit once, in words, never the parameter's long unit nor its internal names
    assert titles["contribution"] == "Per-FTE contribution (share of the minimum wage's cost) (share, 0 to 1)"
    assert titles["activity_pace"] == "New activities identified a year per 5,000 inhabitants"
    assert all("see contribution_basis" not in t and "[" not in t for t in titles.values())
    french = {lever.name: layout.lever_title(lever, "fr") for lever in whatif.levers()}
    assert french["takeup"] == "Volontaires parmi les éligibles (part, de 0 à 1)"
    financing = next(lever for lever in whatif.levers() if lever.name == "financing")
    assert [o["label"] for o in layout.choice_options(financing, "fr")] == [
        "Parts fixes des financeurs",
        "Économies mesurées de chaque financeur",
        "Budget fixe pour une période",
    ]


def test_the_headings_are_in_french_and_english() -> None:
    assert layout.group_headings("fr") == ("Leviers de décision", "Incertitudes")
    assert layout.group_headings("en") == ("Policy levers", "Uncertainties")


def test_the_headings_follow_the_language_control(tmp_path: Path) -> None:
    app = create_app(tmp_path)
    callback = next(c for key, c in app.callback_map.items() if layout.LEVERS_HEADING in key)
    assert [i["id"] for i in callback["inputs"]] == [layout.LANG]
    assert layout.UNCERTAINTIES_HEADING in next(key for key in app.callback_map if layout.LEVERS_HEADING in key)
