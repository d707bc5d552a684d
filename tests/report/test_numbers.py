"""sim.report.numbers: the one formatter of the console tables and the dashboards."""

from __future__ import annotations

import pytest

from sim.report.numbers import choose_unit, number, range_cell


def test_units_and_cells():
    assert choose_unit("eur", [1_234_567.0]).format(1_234_567.0) == "1.23"
    assert choose_unit("eur", [1_234_567.0]).symbol == "M€"
    thousands = choose_unit("eur", [28_400.0, 31_000.0])
    assert (thousands.symbol, thousands.format(28_400.0)) == ("k€", "28.4")
    share = choose_unit("share", [0.25])
    assert range_cell(0.3, 0.2, 0.4, share) == "30.0 [20.0–40.0]"
    assert range_cell(-150.0, -200.0, -100.0, choose_unit("eur", [200.0])) == "-150 [-200 – -100]"
    assert range_cell(7.0, 7.0, 7.0, choose_unit("people", [7.0])) == "7"


@pytest.mark.parametrize(
    ("value", "kind", "lang", "expected"),
    [
        (1234567.0, "eur", "en", "1.2 M€"),
        (1234567.0, "eur", "fr", "1,2 M€"),
        (39245.5, "eur_fte_year", "en", "39.2 k€"),
        (9182.0, "eur", "en", "9.2 k€"),  # scaled like its median below
        (0.287, "share", "fr", "28,7 %"),
        (12345, "people", "fr", "12\u202f345"),
        (None, "people", "en", "n/a"),
        (float("nan"), "months", "fr", "n.d."),
    ],
)
def test_numbers(value, kind, lang, expected) -> None:
    like = 11000.0 if value == 9182.0 else None
    assert number(value, kind, lang, like=like) == expected


@pytest.mark.parametrize(("amount", "symbol"), [(9_999.0, "€"), (10_000.0, "k€"), (999_999.0, "k€"), (1e6, "M€")])
def test_one_number_and_a_table_row_change_money_scale_at_the_same_amounts(amount, symbol) -> None:
    assert choose_unit("eur", [amount]).symbol == symbol
    assert number(amount, "eur", "en").endswith(f" {symbol}")


def test_french_groups_thousands_and_writes_a_decimal_comma() -> None:
    assert number(-1234.5, "fte", "fr", signed=True) == "-1\u202f234"
    assert number(12.34, "fte", "fr", signed=True) == "+12,3"
    assert number(-0.01, "fte", "en") == "0.0"  # never "-0.0"
    with pytest.raises(ValueError, match="accepted: fr, en"):
        number(1.0, "fte", "de")
