# The table's sentences keep one entry a line.
# ruff: noqa: E501
"""The one-table answer: the designs side by side on what a steering committee asks first.

Rows (:data:`ROWS`, then one per payer): people in scheme jobs, the fall in long-term jobless,
months to exhaustivity, the net public cost over the horizon, a year and per FTE-year, and each
payer's net cost or saving; one column per design, for each territory apart (designs and
territories are never pooled). One sign convention: a net cost is the scenario minus its
status-quo twin, positive when public money is spent on top of the status quo, negative for a
saving. Cells are medians over replications with their 5-95 % interval.

:func:`answer_table` is the data (a tidy frame, one row per territory, design and row, the
numbers in their natural units), used by the report, the app and the downloads;
:func:`answer_display` puts it in one unit per row for reading, :func:`answer_header` says the
period, units, price basis and sign, and :func:`to_bytes` writes the download (CSV or XLSX).

Rows that other model versions add are declared here too (``optional``): where a results folder
lacks them (older runs), their cells say so instead of showing a number.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.dashboard import labels as L
from sim.report import numbers as N

PAYER_PREFIX = "net_cost_by_payer_eur."
# The price basis when a run does not state one: what results-contract.md says of every amount.
NOMINAL = "nominal"
PRICE_BASIS_WORDS = {
    NOMINAL: ("euros courants de chaque année simulée (nominaux)", "euros of each simulated year (nominal)"),
}
# The accounting convention a run states (summary.json ``accounting_convention``, issue 10).
CONVENTION_WORDS = {
    "consolidated": ("financeurs publics consolidés", "public payers consolidated"),
    "by_payer": ("chaque financeur selon ses propres comptes", "each payer by its own accounts"),
}
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Row:
    """One row of the answer.

    Attributes:
        key: The column of ``Results.runs`` it reads (a ``summary.json`` key or a derived one).
        optional: True for an indicator some results folders do not have yet; a missing one
            then reads "not available for these runs" rather than being left out.
    """

    key: str
    optional: bool = False


ROWS: tuple[Row, ...] = (
    Row("scheme_people_end"),
    Row("scheme_fte_end"),
    Row("long_term_jobless_fall_end"),
    Row("months_to_exhaustivity"),
    Row("net_public_cost_eur"),
    Row("net_public_cost_eur_year"),
    Row("net_public_cost_per_fte_year"),
    Row("eval_net_cost_per_fte_year", optional=True),
    Row("startup_grant_per_job_created_eur", optional=True),
    Row("territories_stopped", optional=True),
)

# The evaluation-aligned measures (issue 10), a table of their own under the answer.
EVALUATION_ROWS: tuple[Row, ...] = tuple(
    Row(key, optional=True)
    for key in (
        "eval_gross_cost_per_fte_year",
        "eval_avoided_cost_per_fte_year",
        "eval_net_cost_per_fte_year",
        # the same in euros of the price base year, to set beside published figures of that year
        "constant_prices.eval_net_cost_per_fte_year",
        "startup_grant_per_job_created_eur",
        "counterfactual_employment_at_entry",
        "counterfactual_employment_24m",
        "participants_benefit_change_eur_month",
        "participants_earnings_change_eur_month",
    )
)

COLUMNS = [
    "territory",
    "design",
    "row",
    "label",
    "kind",
    "n",
    "n_missing",
    "median",
    "p05",
    "p95",
    "available",
]

WORDS = {
    "payer_row": ("Coût net (+) ou économie (−) : {payer}", "Net cost (+) or saving (−): {payer}"),
    "not_available": ("non disponible pour ces simulations", "not available for these runs"),
    "never": ("jamais", "never"),
    "header": (
        "Médiane sur {n} [intervalle de 5 % à 95 %]. Période : {period}. Montants en {prices}. Signe des coûts nets : scénario moins jumeau (statu quo, même population et même hasard) ; + coût supplémentaire pour les finances publiques, − économie.",
        "Median over {n} [5-95 % interval]. Period: {period}. Amounts in {prices}. Sign of net costs: scenario minus twin (the status quo, same population and same luck); + extra cost to the public purse, − saving.",
    ),
    "base_year": (" ; prix constants : euros de {year}", "; constant prices: euros of {year}"),
    "convention": ("Convention comptable : {convention}.", "Accounting convention: {convention}."),
    "replications": ("{n} réplications", "{n} replications"),
    "one_run": ("une simulation", "one run"),
    "months": ("{months} mois", "{months} months"),
    # column headers of the downloads
    "territory": ("Territoire", "Territory"),
    "design": ("Modèle", "Design"),
    "indicator": ("Indicateur", "Indicator"),
    "unit": ("Unité", "Unit"),
    "median": ("Médiane", "Median"),
    "p05": ("5e centile", "5th percentile"),
    "p95": ("95e centile", "95th percentile"),
    "n": ("Réplications avec une valeur", "Replications with a value"),
    "n_missing": ("Réplications sans valeur", "Replications without a value"),
    "note": ("Note", "Note"),
    "key": ("Clé", "Key"),
    "sheet": ("Réponse", "Answer"),
    "about": ("À propos", "About"),
}


def word(key: str, lang: str) -> str:
    """A word or sentence of the answer table in ``lang``."""
    return WORDS[key][N.lang_index(lang)]


# --------------------------------------------------------------------------- data
def answer_designs(runs: pd.DataFrame) -> list[str]:
    """The designs compared: every scenario of the ok runs but the status quo (unless alone)."""
    from sim.dashboard import style

    ok = _ok(runs)
    designs = style.design_order(ok["scenario"].dropna())
    return [d for d in designs if d != "status_quo"] or designs


def row_keys(
    runs: pd.DataFrame, payers: Sequence[tuple[str, str]] | None = (), rows: Sequence[Row] = ROWS
) -> list[tuple[str, bool]]:
    """``(key, optional)`` of every row, the payers' last (in ``payers`` order, then any other
    payer column of ``runs``; none when ``payers`` is None); payers whose net cost is zero in
    every run are left out."""
    keys = [(row.key, row.optional) for row in rows if row.optional or row.key in runs]
    if payers is None:
        return keys
    named = [PAYER_PREFIX + name for name, _ in payers]
    columns = [*named, *(c for c in runs.columns if c.startswith(PAYER_PREFIX) and c not in named)]
    ok = _ok(runs)
    for column in columns:
        if column in ok and pd.to_numeric(ok[column], errors="coerce").abs().gt(0.5).any():
            keys.append((column, False))
    return keys


def answer_table(
    runs: pd.DataFrame,
    payers: Sequence[tuple[str, str]] = (),
    lang: str = "fr",
    *,
    by: str = "scenario",
    columns: Sequence[str] | None = None,
    rows: Sequence[Row] = ROWS,
) -> pd.DataFrame:
    """The answer as a tidy frame: one row per territory, design and row of the table.

    Args:
        runs: One row per run (``Results.runs``, with :func:`sim.dashboard.data.derived_columns`).
        payers: ``(name, label)`` of the payers, in display order.
        lang: ``fr`` or ``en`` (the ``label`` column).
        by: The column whose values are the table's columns (``scenario``; the app's what-if
            compares settings of one design instead).
        columns: Those values, in order (default: :func:`answer_designs`).
        rows: The rows (:data:`ROWS`, or :data:`EVALUATION_ROWS` without payers: ``payers=None``).

    Returns:
        Columns :data:`COLUMNS`: ``median``, ``p05``, ``p95`` in natural units (people,
        months, euros), ``n`` runs with a value and ``n_missing`` without (exhaustivity never
        reached), ``available`` False where the runs do not have the indicator at all (a row
        whose runs have it without a value has ``n`` 0 and reads n/a).
    """
    N.lang_index(lang)
    from sim.dashboard import style

    ok = _ok(runs)
    wanted = list(columns) if columns is not None else answer_designs(runs)
    keys = row_keys(ok, payers, rows)
    records = []
    for territory in style.territory_order(ok["territory"].dropna()):
        block = ok[ok["territory"] == territory]
        for design in wanted:
            own = block[block[by] == design]
            if own.empty:
                continue
            for key, _ in keys:
                # not available: the folder's runs do not have the indicator at all (older runs);
                # one they have without a value (no job created, so no grant per job) reads n/a,
                # and exhaustivity never reached is a value ("never")
                available = key in own or key == "months_to_exhaustivity"
                values = pd.to_numeric(own[key], errors="coerce") if key in own else pd.Series(dtype=float)
                stats = style.quantiles(values)
                records.append(
                    {
                        "territory": territory,
                        "design": design,
                        "row": key,
                        "label": row_label(key, payers, lang),
                        "kind": row_kind(key),
                        "n": int(stats["n"]),
                        "n_missing": len(own) - int(stats["n"]),
                        "median": stats["median"],
                        "p05": stats["p05"],
                        "p95": stats["p95"],
                        "available": bool(available),
                    }
                )
    return pd.DataFrame(records, columns=COLUMNS)


def row_label(key: str, payers: Sequence[tuple[str, str]] | None, lang: str) -> str:
    """The words of a row (a payer's row names the payer and the sign)."""
    if key.startswith(PAYER_PREFIX):
        payer = key[len(PAYER_PREFIX) :]
        name = L.name(payer, lang) if payer in L.ACCOUNT_LABELS else dict(payers or ()).get(payer, payer)
        return word("payer_row", lang).format(payer=name)
    return L.name(key, lang)


def row_kind(key: str) -> str:
    """The unit key of a row (money for a payer's row)."""
    return "eur" if key.startswith(PAYER_PREFIX) else L.unit_kind(key)


# --------------------------------------------------------------------------- reading
def answer_display(table: pd.DataFrame, lang: str = "fr", *, names: dict[str, str] | None = None) -> dict:
    """The answer for reading: territory -> frame of text, one row per table row, one column per
    design, every number of a row in the unit its label states (k€, M€...).

    Args:
        table: From :func:`answer_table`.
        lang: ``fr`` or ``en``.
        names: Column headings by design (default: the designs' names in ``lang``).

    Returns:
        Territory -> ``(frame, row keys)``: the frame's index is ``label (unit)``.
    """
    displays: dict[str, tuple[pd.DataFrame, list[str]]] = {}
    for territory, block in table.groupby("territory", sort=False):
        designs = list(dict.fromkeys(block["design"]))
        cells: dict[str, dict[str, str]] = {}
        keys: list[str] = []
        for key, lines in block.groupby("row", sort=False):
            kind = str(lines["kind"].iloc[0])
            unit, divisor, like = row_unit(kind, lines[["median", "p05", "p95"]].to_numpy().ravel(), lang)
            heading = f"{lines['label'].iloc[0]} ({unit})" if unit else str(lines["label"].iloc[0])
            cells[heading] = {
                (names or {}).get(line.design, L.name(line.design, lang)): cell_text(line, kind, divisor, like, lang)
                for line in lines.itertuples()
            }
            keys.append(str(key))
        heading_names = [(names or {}).get(d, L.name(d, lang)) for d in designs]
        displays[str(territory)] = (pd.DataFrame.from_dict(cells, orient="index")[heading_names], keys)
    return displays


def row_unit(kind: str, values: np.ndarray, lang: str) -> tuple[str, float, float | None]:
    """``(unit words, divisor, like)`` shared by every cell of a row: money in the scale of its
    largest value (``7,8 k€`` beside ``30,7 k€``, never ``7 760 €`` beside ``30,7 k€``)."""
    finite = [abs(float(v)) for v in values if v is not None and not math.isnan(float(v))]
    largest = max(finite, default=0.0)
    index = N.lang_index(lang)
    if kind.startswith("eur"):
        symbol, divisor = N.money_scale(largest, lang)
        words = N.UNITS[kind][index]
        return words.replace("€", symbol, 1), divisor, largest
    return N.UNITS.get(kind, N.UNITS[""])[index], 1.0, None


def cell_text(line, kind: str, divisor: float, like: float | None, lang: str) -> str:
    """One cell: ``median [p05 – p95]`` in the row's unit, ``jamais k/n``, or not available."""
    if not line.available:
        return word("not_available", lang)
    never = f"{word('never', lang)} {line.n_missing}/{line.n + line.n_missing}" if line.n_missing else ""
    if line.n == 0:
        return never if line.row == "months_to_exhaustivity" else N.MISSING[N.lang_index(lang)]

    def fmt(value: float) -> str:
        if kind.startswith("eur"):
            return N.number(value / divisor, "", lang)
        if kind == "share":  # the row's unit says %
            return N.number(value * 100.0, "", lang)
        return N.number(value, kind, lang)

    text = fmt(line.median)
    if line.n > 1 and fmt(line.p05) != fmt(line.p95):
        text += f" [{fmt(line.p05)} – {fmt(line.p95)}]"
    return f"{text} ({never})" if never else text


def answer_header(runs: pd.DataFrame, lang: str = "fr") -> str:
    """Period, spread, units and price basis and sign of the answer, in one sentence."""
    ok = _ok(runs)
    per_design = ok.groupby(["territory", "scenario"]).size() if not ok.empty else pd.Series(dtype=int)
    n = int(per_design.max()) if len(per_design) else 0
    spread = word("replications", lang).format(n=n) if n > 1 else word("one_run", lang)
    text = word("header", lang).format(n=spread, period=period_text(ok, lang), prices=price_basis_text(ok, lang))
    convention = convention_text(ok, lang)
    return f"{text} {word('convention', lang).format(convention=convention)}" if convention else text


def period_text(runs: pd.DataFrame, lang: str = "fr") -> str:
    """``janv. 2027 – déc. 2036 (120 mois)`` from the runs' start and horizon."""
    from sim.dashboard.plotly_locale import FRENCH

    starts = runs["start"].dropna().astype(str).unique() if "start" in runs else []
    horizons = (
        pd.to_numeric(runs["horizon_months"], errors="coerce").dropna().unique() if "horizon_months" in runs else []
    )
    if len(horizons) != 1:
        return "?"
    months = int(horizons[0])
    length = word("months", lang).format(months=months)
    if len(starts) != 1:
        return length
    year, month = (int(part) for part in starts[0].split("-")[:2])
    last = year * 12 + month - 1 + months - 1
    names = FRENCH["format"]["shortMonths"] if lang == "fr" else _ENGLISH_MONTHS

    def label(index: int) -> str:
        return f"{names[index % 12]} {index // 12}"

    return f"{label(year * 12 + month - 1)} – {label(last)} ({length})"


_ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def price_basis_text(runs: pd.DataFrame, lang: str = "fr") -> str:
    """The price basis of the runs' money: theirs when ``summary.json`` states it, else nominal."""
    stated = runs["price_basis"].dropna().astype(str).unique() if "price_basis" in runs else []
    basis = stated[0] if len(stated) == 1 else NOMINAL
    words = PRICE_BASIS_WORDS.get(basis)
    text = words[N.lang_index(lang)] if words else basis
    years = (
        pd.to_numeric(runs["price_base_year"], errors="coerce").dropna().unique() if "price_base_year" in runs else []
    )
    if len(years) == 1:
        text += word("base_year", lang).format(year=int(years[0]))
    return text


def convention_text(runs: pd.DataFrame, lang: str = "fr") -> str:
    """The accounting convention the runs state, in words; empty for runs that state none (older
    results folders)."""
    stated = runs["accounting_convention"].dropna().astype(str).unique() if "accounting_convention" in runs else []
    if len(stated) != 1:
        return ""
    words = CONVENTION_WORDS.get(stated[0])
    return words[N.lang_index(lang)] if words else stated[0]


# --------------------------------------------------------------------------- downloads
def download_frame(table: pd.DataFrame, runs: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The answer as a spreadsheet wants it: one line per territory, design and row, numbers in
    natural units (euros, people, months) with the unit and price basis in their own column."""
    prices = price_basis_text(_ok(runs), lang)
    index = N.lang_index(lang)
    lines = []
    for line in table.itertuples():
        unit = N.UNITS.get(line.kind, N.UNITS[""])[index]
        if line.kind.startswith("eur"):
            unit = f"{unit}, {prices}"
        note = ""
        if not line.available:
            note = word("not_available", lang)
        elif line.n_missing and line.row == "months_to_exhaustivity":
            note = f"{word('never', lang)} {line.n_missing}/{line.n + line.n_missing}"
        scale = 100.0 if line.kind == "share" else 1.0
        lines.append(
            {
                word("territory", lang): L.name(line.territory, lang),
                word("design", lang): L.name(line.design, lang),
                word("indicator", lang): line.label,
                word("unit", lang): unit,
                word("median", lang): _number(line.median, scale),
                word("p05", lang): _number(line.p05, scale),
                word("p95", lang): _number(line.p95, scale),
                word("n", lang): line.n,
                word("n_missing", lang): line.n_missing,
                word("note", lang): note,
                word("key", lang): line.row,
            }
        )
    return pd.DataFrame(lines)


def _number(value: float, scale: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value) * scale


def to_bytes(
    frame: pd.DataFrame, fmt: str, *, about: str = "", sheet: str = "Answer", about_sheet: str = "About"
) -> bytes:
    """A download of ``frame``: ``csv`` (UTF-8 with a byte-order mark, which spreadsheets read
    as UTF-8) or ``xlsx`` (one sheet, plus an "about" sheet holding ``about`` when given).

    The one function the report and the app write downloads with, so that it can be pointed at
    the package's export module (``tzcld-export``) when that exists.

    Raises:
        ValueError: For a format other than those of :data:`FORMATS`.
    """
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
            if about:
                lines = pd.DataFrame({"": about.split("\n")})
                lines.to_excel(writer, sheet_name=about_sheet[:31], index=False, header=False)
        return buffer.getvalue()
    raise ValueError(f"unknown download format {fmt!r}; accepted: {', '.join(FORMATS)}")


def _ok(runs: pd.DataFrame) -> pd.DataFrame:
    return runs[runs["status"] == "ok"] if "status" in runs else runs
