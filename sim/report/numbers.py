"""Numbers for reading, in French or English: the one formatter of the console tables and the dashboards.

Two entry points share the same rules (thousands grouped, money in €, k€, M€ or Md€ (bn€ in
English) by the same thresholds, no ``-0``, a decimal comma and narrow no-break spaces in French):

- :func:`number` writes one number with its unit, as a card or a sentence shows it;
- :func:`choose_unit` picks one :class:`Unit` for numbers printed side by side (a table row or
  block), so that the unit is said once, next to the label, and :func:`range_cell` writes
  ``mean [min–max]`` in it.

Languages, unit words and the word for a missing number live here too, since both the report
(English console) and the dashboards (FR/EN) need them and the dashboards sit above the report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LANGS = ("fr", "en")
FR, EN = 0, 1  # positions in every (French, English) tuple

# Unit keys -> (French, English) words. An empty word means a plain count of things named by the label.
UNITS: dict[str, tuple[str, str]] = {
    "people": ("personnes", "people"),
    "fte": ("ETP", "FTE"),
    "fte_years": ("ETP-années", "FTE-years"),
    "months": ("mois", "months"),
    "eur": ("€", "€"),
    "eur_year": ("€ par an", "€ a year"),
    "eur_month": ("€ par mois", "€ a month"),
    "eur_fte_year": ("€ par ETP-année", "€ per FTE-year"),
    "share": ("%", "%"),
    "pp": ("points de %", "percentage points"),
    "ebes": ("EBE", "EBEs"),
    "territories": ("territoires", "territories"),
    "index": ("indice", "index"),
    "": ("", ""),
}
# What a missing number (None or NaN) reads as: (French, English).
MISSING: tuple[str, str] = ("n.d.", "n/a")


def lang_index(lang: str) -> int:
    """Position of ``lang`` in the (French, English) tuples.

    Raises:
        ValueError: For a language other than ``fr`` and ``en``.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; accepted: {', '.join(LANGS)}")
    return LANGS.index(lang)


def is_missing(value: float | None) -> bool:
    """Whether ``value`` is None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


# Money symbols from a billion: French "milliard" (Md€), English "billion" (bn€).
BILLION: tuple[str, str] = ("Md€", "bn€")


def money_scale(largest: float, lang: str = "en") -> tuple[str, float]:
    """``(symbol, divisor)`` for euros whose largest absolute value is ``largest``.

    Md€ (bn€ in English) from a billion, M€ from a million and k€ from ten thousand, so that an
    amount keeps few digits.
    """
    if largest >= 1e9:
        return BILLION[lang_index(lang)], 1e9
    if largest >= 1e6:
        return "M€", 1e6
    if largest >= 1e4:
        return "k€", 1e3
    return "€", 1.0


def digits(value: float, decimals: int, lang: str = "en", *, signed: bool = False) -> str:
    """``value`` with ``decimals`` digits after the point and its thousands grouped.

    A value that rounds to zero prints as ``0`` (not ``-0.0``); ``signed`` puts a ``+`` before
    positive numbers (differences). French groups thousands with a narrow no-break space and
    uses a decimal comma.
    """
    if round(value, decimals) == 0:
        value = 0.0
    words = f"{value:{'+' if signed else ''},.{decimals}f}"
    if lang == "fr":
        words = words.replace(",", "\u202f").replace(".", ",")
    return words


# --------------------------------------------------------------------------- one number
def number(
    value: float | None, kind: str = "", lang: str = "fr", *, signed: bool = False, like: float | None = None
) -> str:
    """One number for reading, with its unit where the number carries one (``%``, ``€``...).

    Args:
        value: The number (None or NaN gives ``n.d.`` / ``n/a``).
        kind: Unit key (see :data:`UNITS`): shares are shown in percent, money in €, k€ or M€.
        lang: ``fr`` or ``en``.
        signed: Show a ``+`` before positive numbers (differences).
        like: Choose the money scale for this number rather than ``value``, so that an
            interval reads in the unit of its median.
    """
    index = lang_index(lang)
    if is_missing(value):
        return MISSING[index]
    value = float(value)
    scale = abs(float(like)) if like is not None and not math.isnan(float(like)) else abs(value)
    suffix = ""
    if kind == "share":
        value, suffix = value * 100.0, " %"
    elif kind.startswith("eur"):
        symbol, divisor = money_scale(scale, lang)
        value, suffix = value / divisor, f" {symbol}"
    magnitude = abs(value)
    decimals = 0 if magnitude >= 100 or (magnitude == int(magnitude) and not suffix.strip(" %")) else 1
    if kind in ("people", "months", "ebes", "territories") and magnitude >= 10:
        decimals = 0
    return digits(value, decimals, lang, signed=signed) + suffix


# --------------------------------------------------------------------------- numbers side by side
@dataclass(frozen=True)
class Unit:
    """How to print the numbers of one table row or block (English, for the console).

    Attributes:
        symbol: Unit shown once, next to the label (``k€``, ``%``, ``FTE``...).
        divisor: Values are divided by it before printing.
        decimals: Digits after the decimal point.
        signed: Print a ``+`` before positive numbers (differences).
    """

    symbol: str
    divisor: float = 1.0
    decimals: int = 0
    signed: bool = False

    def format(self, value: float | None) -> str:
        """``value`` in this unit, with thousands separators; ``n/a`` for a missing value."""
        if is_missing(value):
            return MISSING[EN]
        return digits(value / self.divisor, self.decimals, signed=self.signed)


def choose_unit(kind: str, values: Iterable[float]) -> Unit:
    """Unit and precision for numbers of ``kind`` that must be printed side by side.

    Money goes to k€ or M€ so that the largest value has few digits; counts keep decimals only
    when a mean over seeds has some.

    Args:
        kind: ``people``, ``fte``, ``fte_years``, ``months``, ``eur``, ``share`` or ``pp``.
        values: The numbers that will share the unit (NaN ignored).
    """
    finite = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    largest = max((abs(v) for v in finite), default=0.0)
    if kind == "share":
        return Unit("%", divisor=0.01, decimals=1)
    if kind == "pp":
        return Unit("pp", decimals=1, signed=True)
    if kind.startswith("eur"):
        symbol, divisor = money_scale(largest)
    else:
        # A count of people is named by its label ("Volunteers over the horizon").
        symbol, divisor = ("" if kind == "people" else UNITS.get(kind, UNITS[""])[EN]), 1.0
    return Unit(symbol, divisor, _decimals([v / divisor for v in finite], fine=divisor > 1))


def _decimals(scaled: Sequence[float], fine: bool) -> int:
    # Three significant digits are plenty for means over a few seeds; `fine` keeps them for
    # amounts in M€ such as 1.23 M€, where one decimal would round away 100,000 euros.
    if all(float(v).is_integer() for v in scaled):
        return 0
    largest = max(abs(v) for v in scaled)
    return 0 if largest >= 100 else 1 if largest >= 10 or not fine else 2


def range_cell(mean: float, low: float, high: float, unit: Unit) -> str:
    """``mean [min–max]``, or just the mean when the range is nil at this precision."""
    text, low_text, high_text = unit.format(mean), unit.format(low), unit.format(high)
    if low_text == high_text == text or text == MISSING[EN]:
        return text
    # A bare dash between negative numbers ("-200–-100") reads as a subtraction.
    dash = " – " if "-" in low_text + high_text else "–"
    return f"{text} [{low_text}{dash}{high_text}]"
