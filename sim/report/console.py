"""The headline and budget tables of :mod:`sim.report.tables` as fixed-width text for the terminal.

Each table says its unit once, next to the row label or in its title (see
:func:`sim.report.numbers.choose_unit`), and its cells read ``mean [min–max]`` over seeds.
"""

from __future__ import annotations

import pandas as pd

from sim.report.numbers import Unit, choose_unit, range_cell
from sim.report.tables import ALL_PAYERS, ALL_PAYERS_LABEL, HEADLINE_INDICATORS, scenario_order

NOT_BORNE = "—"  # a design that does not bear a cost item


def scenario_label(name: str) -> str:
    """Plain-words name of a scenario, e.g. ``Full transposition``."""
    return name.replace("_", " ").capitalize()


def seeds_text(headline: pd.DataFrame, territory: str) -> str:
    """``2 seeds`` or ``2–3 seeds``: how many runs the territory's headline cells average."""
    counts = sorted(set(headline.loc[headline["territory"] == territory, "n_runs"]))
    if not counts:
        return "0 seeds"
    span = "–".join(str(n) for n in dict.fromkeys([counts[0], counts[-1]]))
    return f"{span} seed{'s' if counts[-1] > 1 else ''}"


def all_zero(display: pd.DataFrame, unit: Unit) -> bool:
    """Whether every cell of a :func:`budget_display` table prints as zero."""
    return bool((display == unit.format(0.0)).to_numpy().all())


def _with_unit(label: str, unit: Unit) -> str:
    return f"{label} ({unit.symbol})" if unit.symbol else label


# --------------------------------------------------------------------------- display tables
def headline_display(headline: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Headline table as text cells, one frame per territory.

    Args:
        headline: Output of :func:`sim.report.tables.headline_table`.

    Returns:
        Territory -> frame of strings: one row per indicator (index: label with unit), one
        column per scenario (plain-words name), cells ``mean [min–max]``, with the count of
        null seeds (e.g. ``never 1/3``) when some but not all are null.
    """
    null_means = {indicator.key: indicator.null_means for indicator in HEADLINE_INDICATORS}
    displays: dict[str, pd.DataFrame] = {}
    for territory, block in headline.groupby("territory", sort=False):
        scenarios = scenario_order(block)
        rows: dict[str, dict[str, str]] = {}
        for indicator, lines in block.groupby("indicator", sort=False):
            unit = choose_unit(lines["kind"].iloc[0], lines[["mean", "min", "max"]].to_numpy().ravel())
            cells = {}
            for line in lines.itertuples():
                if line.n_null == line.n_runs:
                    cell = null_means[indicator]
                else:
                    cell = range_cell(line.mean, line.min, line.max, unit)
                    if line.n_null:
                        cell += f" ({null_means[indicator]} {line.n_null}/{line.n_runs})"
                cells[scenario_label(line.scenario)] = cell
            rows[_with_unit(lines["label"].iloc[0], unit)] = cells
        displays[str(territory)] = pd.DataFrame.from_dict(rows, orient="index")[[scenario_label(s) for s in scenarios]]
    return displays


def budget_display(
    budget: pd.DataFrame,
    value: str,
    *,
    with_range: bool = False,
    drop_zero: bool = True,
) -> dict[tuple[str, str], tuple[pd.DataFrame, Unit]]:
    """One payer × year table of gross or net euros per territory and scenario.

    Args:
        budget: Output of :func:`sim.report.tables.budget_summary`.
        value: ``gross_eur`` or ``net_eur``.
        with_range: Cells ``mean [min–max]`` rather than the mean alone.
        drop_zero: Leave out payers whose value is zero in every year and run (the total row
            is always kept).

    Returns:
        ``(territory, scenario)`` -> (frame of strings indexed by payer, with one column per
        year and a ``Total`` column over the horizon; the unit its numbers are in).
    """
    displays: dict[tuple[str, str], tuple[pd.DataFrame, Unit]] = {}
    stats = [f"{value}_mean", f"{value}_min", f"{value}_max"]
    for (territory, scenario), block in budget.groupby(["territory", "scenario"], sort=False):
        if drop_zero:
            silent = [p for p, f in block.groupby("payer") if not f[stats].abs().to_numpy().any()]
            block = block[~block["payer"].isin(silent) | (block["payer"] == ALL_PAYERS)]
        totals = block.groupby("payer", sort=False)[stats[0]].sum()
        unit = choose_unit("eur", [*block[stats].to_numpy().ravel(), *totals])
        # Budgets are read in round figures: one decimal at most, whatever the scale.
        unit = Unit(unit.symbol, unit.divisor, min(unit.decimals, 1))
        rows = {}
        for payer, lines in block.groupby("payer", sort=False):
            cells = {
                str(line.year): (
                    range_cell(*(getattr(line, stat) for stat in stats), unit)
                    if with_range
                    else unit.format(getattr(line, stats[0]))
                )
                for line in lines.itertuples()
            }
            # A sum of yearly means is the mean of the runs' totals, so it needs no run detail.
            cells["Total"] = unit.format(lines[stats[0]].sum())
            rows[payer] = cells
        displays[(str(territory), str(scenario))] = (
            pd.DataFrame.from_dict(rows, orient="index"),
            unit,
        )
    return displays


def cost_items_display(items: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, Unit]]:
    """The costs each design bears as text cells, one frame per territory.

    Args:
        items: Output of :func:`sim.report.tables.cost_items_table`.

    Returns:
        Territory -> (frame of strings: one row per item, one column per scenario, cells ``mean
        [min–max]`` per FTE-year, :data:`NOT_BORNE` where the design does not bear the item; the
        unit).
    """
    displays: dict[str, tuple[pd.DataFrame, Unit]] = {}
    for territory, block in items.groupby("territory", sort=False):
        unit = choose_unit("eur", block[["mean", "min", "max"]].to_numpy(dtype=float).ravel())
        scenarios = scenario_order(block)
        rows: dict[str, dict[str, str]] = {}
        for label, lines in block.groupby("label", sort=False):
            rows[str(label)] = {
                scenario_label(line.scenario): (
                    range_cell(line.mean, line.min, line.max, unit) if line.borne else NOT_BORNE
                )
                for line in lines.itertuples()
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")[[scenario_label(s) for s in scenarios]]
        displays[str(territory)] = (frame, unit)
    return displays


# --------------------------------------------------------------------------- console
def format_console(
    headline: pd.DataFrame,
    budget: pd.DataFrame | None = None,
    *,
    width: int = 120,
    cost_items: pd.DataFrame | None = None,
) -> str:
    """Fixed-width text tables for the terminal.

    Args:
        headline: Output of :func:`sim.report.tables.headline_table`.
        budget: Output of :func:`sim.report.tables.budget_summary`, or None to print only the headline table.
        width: Maximum line length; scenario or year columns wrap into several tables beyond.
        cost_items: Output of :func:`sim.report.tables.cost_items_table`: the costs each design
            bears, printed after the headline table; None to leave it out.

    Returns:
        The tables, separated by blank lines.
    """
    parts: list[str] = []
    for territory, display in headline_display(headline).items():
        seeds = seeds_text(headline, territory)
        title = f"Headline indicators, {territory}: mean [min–max] over {seeds}"
        parts.append(_render(title, display, width))
    if cost_items is not None:
        for territory, (display, unit) in cost_items_display(cost_items).items():
            title = (
                f"Costs each design bears, {territory}: {unit.symbol} per FTE-year of scheme jobs, "
                f"mean [min–max] ({NOT_BORNE}: not borne by the design)"
            )
            parts.append(_render(title, display, width))
    if budget is not None:
        for value, what in (
            ("gross_eur", "public money paid to the scheme"),
            ("net_eur", "net cost against the twin (positive: the payer spends more)"),
        ):
            for (territory, scenario), (display, unit) in budget_display(budget, value).items():
                title = f"{territory}, {scenario_label(scenario)}: {what}, {unit.symbol}, mean over seeds"
                if all_zero(display, unit):
                    parts.append(f"{title}\n  zero in every year")
                else:
                    parts.append(_render(title, display.rename(index=_payer_row_name), width))
    return "\n\n".join(parts) + "\n"


def _payer_row_name(payer: str) -> str:
    return ALL_PAYERS_LABEL if payer == ALL_PAYERS else payer


def _render(title: str, display: pd.DataFrame, width: int) -> str:
    """A text table: the index left-aligned, the columns right-aligned, wrapped to ``width``."""
    index = [str(label) for label in display.index]
    first = max([len(label) for label in index] + [0])
    widths = {
        column: max([len(str(column))] + [len(str(cell)) for cell in display[column]]) for column in display.columns
    }
    # Greedily pack columns into chunks that fit, repeating the row labels in each chunk.
    chunks: list[list] = [[]]
    used = first
    for column in display.columns:
        if chunks[-1] and used + 2 + widths[column] > width:
            chunks.append([])
            used = first
        chunks[-1].append(column)
        used += 2 + widths[column]

    lines = [title]
    for chunk in chunks:
        header = " " * first + "".join(f"  {c!s:>{widths[c]}}" for c in chunk)
        lines += [header, "-" * len(header)]
        for label, (_, row) in zip(index, display.iterrows(), strict=True):
            cells = "".join(f"  {str(row[c]) if pd.notna(row[c]) else '':>{widths[c]}}" for c in chunk)
            lines.append(f"{label:<{first}}{cells}")
    return "\n".join(lines)
