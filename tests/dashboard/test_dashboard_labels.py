"""sim.dashboard.labels: every column, indicator, payer and account shown has words in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sim import accounts
from sim.config.schema import DESIGNS
from sim.dashboard import labels as L


def _known(key: str) -> bool:
    tables = (L.INDICATORS, L.DESIGN_LABELS, L.TERRITORY_LABELS, L.ACCOUNT_LABELS, L.CATEGORY_LABELS)
    return any(key in table for table in tables)


def test_every_output_of_a_real_run_has_french_and_english_words(main_job_dir: Path) -> None:
    runs = [d for d in main_job_dir.iterdir() if d.is_dir()]
    keys: set[str] = set()
    accounts_seen: set[str] = set()
    for run in runs:
        summary = json.loads((run / "summary.json").read_text())
        keys |= {k for k, v in summary.items() if not isinstance(v, (dict, list))}
        keys |= set(pd.read_parquet(run / "timeseries.parquet").columns)
        ledger = pd.read_parquet(run / "ledger.parquet")
        keys |= set(ledger["category"])
        accounts_seen |= set(ledger.loc[ledger["debtor_kind"] != "ebe", "debtor"])
        accounts_seen |= set(ledger.loc[ledger["creditor_kind"] != "ebe", "creditor"])
        keys |= {payer["name"] for payer in summary["payers"]}
    keys -= {"start"}  # the start month is shown as a date, never as a label
    keys = {k for k in keys if not k.startswith("net_spending_")}  # "Net spending: <payer>"
    missing = sorted(k for k in keys | accounts_seen if not _known(k))
    assert not missing, f"no FR/EN label for {missing}"
    for key in keys:
        assert L.name(key, "fr") and L.name(key, "en")


def test_every_design_territory_and_category_is_labelled() -> None:
    for design in DESIGNS:
        assert design in L.DESIGN_LABELS
    for territory in ("pilot", "coeur_du_hainaut"):
        assert territory in L.TERRITORY_LABELS
    categories = [
        v
        for k, v in vars(accounts).items()
        if k.isupper()
        and isinstance(v, str)
        and k
        not in (
            "PAYER",
            "EBE",
            "OPERATOR",
            "HOUSEHOLD",
            "FIRM",
            "OTHER",
            "HOUSEHOLDS",
            "LOCAL_BUSINESSES",
            "LOCAL_CUSTOMERS",
            "REST_OF_ECONOMY",
        )
    ]
    assert categories and all(category in L.CATEGORY_LABELS for category in categories)


def test_labels_carry_units_and_switch_language() -> None:
    assert L.label("net_public_cost_per_fte_year", "en") == "Net public cost per FTE-year (€ per FTE-year)"
    assert L.label("net_public_cost_per_fte_year", "fr") == "Coût public net par ETP-année (€ par ETP-année)"
    assert L.label("ebe_fte", "fr") == "Emplois EBE (ETP)"
    assert L.name("net_cost_by_payer_eur.onem", "en").endswith("(ONSS / ONEM)")
    assert L.name("scenario.fund.contribution_share_of_wage.value", "en")  # a factor key gets words
    assert L.name("something_new", "fr") == "Something new"  # an unknown column still shows
    assert L.text("lang_button", "fr") == "English" and L.text("lang_button", "en") == "Français"
    with pytest.raises(ValueError, match="accepted: fr, en"):
        L.name("jobless", "de")


def test_uncertainty_names_take_the_words_of_the_uncertainties_file() -> None:
    from sim.config.uncertainties import load_uncertainties

    takeup = next(u for u in load_uncertainties() if u.name == "takeup")
    assert L.name("takeup", "en") == takeup.label_en and L.name(takeup.path, "fr") == takeup.label_fr


_FRENCH = re.compile(r"[éèêàçù]|\b(de|du|des|la|le|les|et|par|pour|aux?)\b", re.IGNORECASE)
_ENGLISH = re.compile(r"\b(of|the|and|per|by|from|to|with)\b", re.IGNORECASE)


def _swapped(table: dict[str, tuple]) -> list[str]:
    """Keys whose first words read English and second words French: a (English, French) entry."""
    return [
        key
        for key, words in table.items()
        if _ENGLISH.search(words[0]) and not _FRENCH.search(words[0]) and _FRENCH.search(words[1])
    ]


def test_every_translation_table_puts_french_first_then_english_then_the_unit() -> None:
    from sim.app.layout import GROUP_HEADINGS
    from sim.app.words import UNIT_WORDS, VIEW_WORDS, WORDS
    from sim.config.uncertainties import load_entries
    from sim.dashboard.glossary import TERMS

    tables = {
        "INDICATORS": L.INDICATORS,
        "DESIGN_LABELS": L.DESIGN_LABELS,
        "TERRITORY_LABELS": L.TERRITORY_LABELS,
        "WORLD_LABELS": L.WORLD_LABELS,
        "ACCOUNT_LABELS": L.ACCOUNT_LABELS,
        "CATEGORY_LABELS": L.CATEGORY_LABELS,
        "TEXT": L.TEXT,
        "UNITS": L.UNITS,
        "VIEW_WORDS": VIEW_WORDS,
        "WORDS": WORDS,
        "UNIT_WORDS": {k: v for k, v in UNIT_WORDS.items() if any(v)},
        "CHOICE_LABELS": L.CHOICE_LABELS,
        "HIRING_CONSTRAINT_LABELS": L.HIRING_CONSTRAINT_LABELS,
        "SHORT_ACCOUNT_LABELS": L.SHORT_ACCOUNT_LABELS,
        "glossary terms": {key: words[:2] for key, words in TERMS.items()},
        "glossary definitions": {key: words[2:] for key, words in TERMS.items()},
        "GROUP_HEADINGS": GROUP_HEADINGS,
        "uncertainties.yaml": {u.name: (u.label_fr, u.label_en) for u in load_entries()},
    }
    for name, table in tables.items():
        assert not _swapped(table), f"{name}: (English, French) entries {_swapped(table)}"
    # the unit, where there is one, comes last
    assert all(len(words) == 3 and words[2] in L.UNITS for words in L.INDICATORS.values())
    assert all(len(words) == 2 for table in tables.values() if table is not L.INDICATORS for words in table.values())
