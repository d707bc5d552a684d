"""The money-flow Sankey of one design in one territory: where the scheme's money comes from and goes.

What it draws: the postings of the scheme's own accounts (the TZCLD fund, the EBEs grouped into
one node, the operators of the existing actors), in and out, over one calendar year, mean over
replications, scenario world. Flows that exist in the status quo too (benefits, the RIS and its
reimbursement, firms' ordinary payroll, households' local spending) would dwarf the scheme's and
are left out; the subtitle gives their amount. A payment of an account to itself (between two
EBEs) is no flow and is left out too.

How it is laid out, so that it reads left to right without loops: five columns, in order, the
payers and other sources (customers, firms), the fund, the employers (EBEs and operators), the
recipients (households, suppliers), and the payers again as receivers of contributions and taxes
(``… (recettes)`` / ``… (receipts)``). A flow that would go backwards is drawn to the receivers'
column instead. Nodes are placed in their column by a fixed rule and spaced so that their labels
do not overlap.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sim.dashboard import labels as L
from sim.dashboard import style
from sim.report import numbers as N

FUND = "tzcld_fund"
SCHEME_KINDS = frozenset({"fund", "ebe", "operator"})
# Column of an account when it pays (out) and when it is paid (in); receivers' column last.
OUT_COLUMN = {"payer": 0, "firm": 0, "other": 0, "fund": 1, "ebe": 2, "operator": 2, "household": 3}
IN_COLUMN = {"fund": 1, "ebe": 2, "operator": 2, "household": 3, "other": 3, "firm": 3, "payer": 4}
RECEIVERS = 4
COLUMN_X = (0.001, 0.26, 0.52, 0.78, 0.999)
# Smallest distance between two node centres of a column (share of the height): room for a label.
LABEL_GAP = 0.075
RECEIPTS = ("recettes", "receipts")


def account_kind(name: str, kind: str) -> str:
    """The kind of an account for the Sankey: the fund is its own kind (the ledger calls it a payer)."""
    return "fund" if name == FUND else str(kind)


def sankey_links(ledger: pd.DataFrame, year: int, *, world: str = style.SCENARIO) -> tuple[pd.DataFrame, float]:
    """The scheme's money flows of one calendar year, mean over runs, account to account by category.

    EBEs are grouped into one ``ebe`` account. Only postings with the fund, an EBE or an operator
    on one side are kept, payments of an account to itself left out.

    Returns:
        (links with ``source``, ``target``, ``source_kind``, ``target_kind``, ``category``,
        ``amount_eur``, by decreasing amount; the mean over runs of the flows left out, in euros).
    """
    n_runs = max(ledger["run_id"].nunique(), 1)
    years = ledger["year"] if "year" in ledger else pd.to_datetime(ledger["date"]).dt.year
    rows = ledger[(ledger["world"] == world) & (years == year)]
    source = rows["debtor"].where(rows["debtor_kind"] != "ebe", "ebe")
    target = rows["creditor"].where(rows["creditor_kind"] != "ebe", "ebe")
    source_kind = [account_kind(n, k) for n, k in zip(source, rows["debtor_kind"], strict=True)]
    target_kind = [account_kind(n, k) for n, k in zip(target, rows["creditor_kind"], strict=True)]
    rows = rows.assign(source=source, target=target, source_kind=source_kind, target_kind=target_kind)
    scheme = rows["source_kind"].isin(SCHEME_KINDS) | rows["target_kind"].isin(SCHEME_KINDS)
    kept = rows[scheme & (rows["source"] != rows["target"])]
    left_out = float(rows.loc[~scheme, "amount_eur"].sum()) / n_runs
    links = (
        kept.groupby(["source", "target", "source_kind", "target_kind", "category"], sort=False)["amount_eur"]
        .sum()
        .div(n_runs)
        .reset_index()
    )
    links = links[links["amount_eur"] > 0].sort_values("amount_eur", ascending=False, kind="stable")
    return links.reset_index(drop=True), left_out


def _columns(links: pd.DataFrame) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Each link's (account, column) at its start and end, backward flows sent to the receivers."""
    starts, ends = [], []
    for link in links.itertuples():
        first = OUT_COLUMN.get(link.source_kind, 0)
        last = IN_COLUMN.get(link.target_kind, RECEIVERS)
        starts.append((link.source, first))
        ends.append((link.target, last if last > first else RECEIVERS))
    return starts, ends


def _positions(nodes: list[tuple[str, int]], size: dict[tuple[str, int], float]) -> list[float]:
    """Vertical centres (0 top, 1 bottom) of the nodes: each column stacked from the top, the
    largest first, heights in proportion to the money through them, with room for every label."""
    largest_column = max(
        (sum(size[n] for n in nodes if n[1] == column) for column in range(RECEIVERS + 1)), default=1.0
    )
    y: dict[tuple[str, int], float] = {}
    for column in range(RECEIVERS + 1):
        members = sorted((n for n in nodes if n[1] == column), key=lambda n: -size[n])
        if not members:
            continue
        gap = 0.04
        usable = max(1.0 - gap * (len(members) - 1), 0.3)
        heights = [usable * size[n] / (largest_column or 1.0) for n in members]
        centres, top = [], 0.0
        for height in heights:
            centre = top + height / 2
            if centres:
                centre = max(centre, centres[-1] + LABEL_GAP)
            centres.append(centre)
            top = centre + height / 2 + gap
        overflow = centres[-1] + heights[-1] / 2 - 1.0
        if overflow > 0:  # squeeze the column into the figure, keeping the order
            first, last = centres[0], centres[-1]
            span = (last - first) or 1.0
            target = max(1.0 - heights[-1] / 2 - first, 0.0)
            centres = [first + (c - first) * target / span for c in centres]
        for node, centre in zip(members, centres, strict=True):
            y[node] = min(max(centre, 0.001), 0.999)
    return [y[n] for n in nodes]


def _node_label(node: tuple[str, int], twice: set[str], lang: str) -> str:
    name, column = node
    words = L.short(name, lang)
    if column == RECEIVERS and name in twice:
        return f"{words} ({RECEIPTS[N.lang_index(lang)]})"
    return words


def sankey_trace(ledger: pd.DataFrame, year: int, lang: str, *, world: str = style.SCENARIO, visible: bool = True):
    """One year's Sankey trace and the euros it leaves out (see the module docstring)."""
    links, left_out = sankey_links(ledger, year, world=world)
    starts, ends = _columns(links)
    nodes = list(dict.fromkeys([*starts, *ends]))
    index = {node: position for position, node in enumerate(nodes)}
    through_in: dict[tuple[str, int], float] = {}
    through_out: dict[tuple[str, int], float] = {}
    for start, end, amount in zip(starts, ends, links["amount_eur"], strict=True):
        through_out[start] = through_out.get(start, 0.0) + amount
        through_in[end] = through_in.get(end, 0.0) + amount
    size = {n: max(through_in.get(n, 0.0), through_out.get(n, 0.0)) for n in nodes}
    kinds = dict(zip(links["source"], links["source_kind"], strict=True)) | dict(
        zip(links["target"], links["target_kind"], strict=True)
    )
    names_twice = {name for name, _ in nodes if sum(1 for other, _ in nodes if other == name) > 1}
    divisor, symbol = style.money_axis(list(size.values()) or [0.0], lang)
    hue = {name: style.KIND_COLOURS.get(kind, style.KIND_COLOURS["other"]) for name, kind in kinds.items()}
    trace = go.Sankey(
        visible=visible,
        arrangement="snap",
        valueformat=",.1f" if divisor > 1 else ",.0f",
        valuesuffix=f" {symbol}",
        node={
            "label": [_node_label(node, names_twice, lang) for node in nodes],
            "color": [hue.get(name, style.KIND_COLOURS["other"]) for name, _ in nodes],
            "x": [COLUMN_X[column] for _, column in nodes],
            "y": _positions(nodes, size),
            "pad": 18,
            "thickness": 18,
        },
        link={
            "source": [index[node] for node in starts],
            "target": [index[node] for node in ends],
            "value": (links["amount_eur"] / divisor).to_numpy(),
            "label": [L.name(category, lang) for category in links["category"]],
            "color": [style.rgba(hue.get(name, "#8c8c8c"), 0.35) for name in links["source"]],
        },
        meta={
            "year": int(year),
            "nodes": [name for name, _ in nodes],
            "columns": [column for _, column in nodes],
            "left_out_eur": left_out,
            "divisor": divisor,
        },
    )
    return trace, left_out


def _with_left_out(heading: str, left_out: float, lang: str) -> str:
    if left_out <= 0:
        return heading
    note = L.text("flows_left_out", lang).format(amount=N.number(left_out, "eur", lang))
    return f"{heading}<br><sup>{note}</sup>"


def sankey(
    ledger: pd.DataFrame, year: int, lang: str = "fr", *, world: str = style.SCENARIO, title: str | None = None
) -> go.Figure:
    """The Sankey of one year (one design in one territory: several are refused)."""
    style.require_one(ledger, "The money-flow diagram")
    trace, left_out = sankey_trace(ledger, year, lang, world=world)
    heading = title or f"{L.text('money_flows', lang)}: {year}"
    return style.styled(style.figure([trace]), _with_left_out(heading, left_out, lang), lang=lang, **_LAYOUT)


_LAYOUT = {"height": 600, "margin": {"t": 100, "l": 20, "r": 20, "b": 20}}


def sankey_by_year(
    ledger: pd.DataFrame, lang: str = "fr", *, world: str = style.SCENARIO, title: str | None = None
) -> go.Figure:
    """:func:`sankey` for every year of the ledger in one figure, with a year menu.

    One trace per year, only the first visible; the menu (plotly ``updatemenus``) shows the
    chosen year's trace and title, so that it works in a static page. It opens on the first
    year the scheme moves money.
    """
    heading = title or L.text("money_flows", lang)
    if ledger.empty:
        return style.empty(heading, lang)
    style.require_one(ledger, "The money-flow diagram")
    ledger = ledger.assign(year=pd.to_datetime(ledger["date"]).dt.year)
    years = [int(y) for y in sorted(ledger["year"].unique())]
    scheme = ledger[ledger["world"].eq(world) & ledger["creditor_kind"].isin(["ebe", "operator"])]
    start = years.index(int(scheme["year"].min())) if not scheme.empty else 0
    fig = style.figure()
    titles = []
    for position, year in enumerate(years):
        trace, left_out = sankey_trace(ledger, year, lang, world=world, visible=position == start)
        fig.add_trace(trace)
        titles.append(_with_left_out(f"{heading}: {year}", left_out, lang))
    buttons = [
        {
            "label": str(year),
            "method": "update",
            "args": [{"visible": [other == position for other in range(len(years))]}, {"title.text": titles[position]}],
        }
        for position, year in enumerate(years)
    ]
    fig.update_layout(
        updatemenus=[
            {
                "buttons": buttons,
                "direction": "down",
                "showactive": True,
                "active": start,
                "x": 1.0,
                "xanchor": "right",
                "y": 1.16,
                "yanchor": "top",
            }
        ],
        annotations=[
            {
                "text": L.text("year_menu", lang),
                "x": 0.88,
                "xref": "paper",
                "xanchor": "right",
                "y": 1.14,
                "yref": "paper",
                "showarrow": False,
            }
        ],
    )
    return style.styled(fig, titles[start], lang=lang, **_LAYOUT)
