"""Assemble ``dashboard.html``: one self-contained page, French and English in the same file.

plotly.js is embedded once, inline, in the page's head; every figure is a div whose script calls
``Plotly.newPlot``, so the page opens offline and asks nothing of the network (no CDN, no web
font, no MathJax). Every text and figure exists in both languages, marked ``lang-fr`` or
``lang-en``; a few lines of inline JavaScript switch which one is shown (CSS on the ``data-lang``
attribute of ``<html>``) and resize the plots that become visible. ``lang`` sets the initial
language.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from sim.dashboard import experiment_figures, run_figures, style
from sim.dashboard import labels as L
from sim.dashboard.data import PAIRED_INDICATORS, Results
from sim.outputs import atomic_write
from sim.report import numbers as N
from sim.report.numbers import LANGS

# Time series drawn as fan charts: (column, scenario minus twin, with the twin's median).
FANS = (
    ("scheme_fte", False, False),
    ("volunteers_waiting", False, False),
    ("jobless_over_2y", False, True),
    ("public_net_spending_eur", True, False),
)
SWEEP_INDICATORS = ("net_public_cost_per_fte_year", "scheme_fte_end", "volunteers_total", "months_to_exhaustivity")
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0 auto;
       max-width: 1240px; padding: 1rem 1.2rem 3rem; color: #222; line-height: 1.45; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
h1 { margin: .6rem 0 .2rem; font-size: 1.6rem; }
h2 { margin-top: 2.4rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
h3 { margin: 1.6rem 0 .4rem; }
.note { color: #555; font-size: .92rem; max-width: 60rem; }
#lang-toggle { font-size: 1rem; padding: .35rem .9rem; border: 1px solid #888; border-radius: 4px;
               background: #f6f6f6; cursor: pointer; }
html[data-lang="fr"] .lang-en, html[data-lang="en"] .lang-fr { display: none !important; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: .9rem; }
.card { border: 1px solid #ddd; border-top: 4px solid var(--hue); border-radius: 6px; padding: .6rem .9rem; }
.card h4 { margin: 0 0 .4rem; font-size: 1.05rem; }
.card dl { margin: 0; display: grid; grid-template-columns: 1fr auto; gap: .15rem .8rem; font-size: .9rem; }
.card dt { color: #444; } .card dd { margin: 0; text-align: right; white-space: nowrap; }
.card .value { font-weight: 600; } .card .interval { color: #666; font-size: .8rem; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .88rem; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; }
code, pre { background: #f4f4f4; padding: .15rem .35rem; border-radius: 3px; font-size: .88rem; }
pre { padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.figure { margin: .6rem 0 1.2rem; }
"""

SCRIPT = """
function tzcldSetLang(lang) {
  document.documentElement.setAttribute('data-lang', lang);
  document.documentElement.setAttribute('lang', lang);
  document.querySelectorAll('.lang-' + lang + ' .js-plotly-plot').forEach(function (plot) {
    Plotly.Plots.resize(plot);
  });
}
document.getElementById('lang-toggle').addEventListener('click', function () {
  tzcldSetLang(document.documentElement.getAttribute('data-lang') === 'fr' ? 'en' : 'fr');
});
"""


class _Page:
    """Collects the page's parts and numbers its figures."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.figures = 0

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def both(self, make: Callable[[str], str], tag: str = "span") -> str:
        """The same content in both languages, each in its own ``lang-xx`` element."""
        return "".join(f'<{tag} class="lang-{lang}">{make(lang)}</{tag}>' for lang in LANGS)

    def text(self, key: str, tag: str = "span") -> str:
        return self.both(lambda lang: html.escape(L.text(key, lang)), tag)

    def heading(self, key: str, level: int = 2) -> None:
        self.add(f"<h{level}>{self.text(key)}</h{level}>")

    def note(self, key: str) -> None:
        self.add(f'<p class="note">{self.text(key)}</p>')

    def figure(self, make: Callable[[str], go.Figure]) -> None:
        """One figure, drawn once per language."""
        self.figures += 1
        number = self.figures
        divs = []
        for lang in LANGS:
            div = make(lang).to_html(
                full_html=False,
                include_plotlyjs=False,
                include_mathjax=False,
                div_id=f"figure-{number}-{lang}",
                config=PLOT_CONFIG,
            )
            divs.append(f'<div class="figure lang-{lang}">{div}</div>')
        self.add(*divs)


def render_dashboard(results: Results, lang: str = "fr") -> str:
    """The dashboard of ``results`` as one HTML string (see the module docstring).

    Args:
        results: From :func:`sim.dashboard.data.load_results`.
        lang: The language shown first, ``fr`` or ``en``.
    """
    N.lang_index(lang)  # an unknown language fails here, before any figure is drawn
    page = _Page()
    ok = results.ok_runs
    territories = style.territory_order(ok["territory"])
    several = len(territories) > 1

    def territory_heading(territory: str) -> None:
        if several:
            page.add(f"<h3>{page.both(lambda lg: html.escape(L.name(territory, lg)))}</h3>")

    _header(page, results)
    _cards(page, results)

    page.heading("over_time")
    page.note("over_time_note")
    for territory in territories:
        territory_heading(territory)
        series = results.timeseries[results.timeseries["territory"] == territory]
        for column, versus_twin, show_twin in FANS:
            if column in series:
                page.figure(
                    lambda lg, s=series, c=column, v=versus_twin, t=show_twin: run_figures.fan_chart(
                        s, c, lg, versus_twin=v, show_twin=t
                    )
                )

    designs = [s for s in style.design_order(ok["scenario"]) if s != "status_quo"]
    if designs and not results.ledger.empty:
        page.heading("who_pays")
        page.note("who_pays_note")
        for territory in territories:
            for scenario in designs:
                ledger = results.ledger[
                    (results.ledger["territory"] == territory) & (results.ledger["scenario"] == scenario)
                ]
                if ledger.empty:
                    continue
                heading = page.both(lambda lg, s=scenario, t=territory: html.escape(_pair_name(s, t, several, lg)))
                page.add(f"<h3>{heading}</h3>")
                page.figure(
                    lambda lg, g=ledger, s=scenario, t=territory: run_figures.payer_bars(
                        g, results.payers, lg, title=_pair_name(s, t, several, lg)
                    )
                )
                page.figure(
                    lambda lg, g=ledger, s=scenario, t=territory: run_figures.sankey_by_year(
                        g, lg, title=_pair_name(s, t, several, lg)
                    )
                )

    if results.paired is not None and not results.paired.empty:
        page.heading("designs_compared")
        page.note("designs_compared_note")
        # An experiment pairs every indicator: show the study's own, or the headline ones.
        wanted = results.meta.get("indicators") or list(PAIRED_INDICATORS)
        present = [key for key in wanted if key in set(results.paired["indicator"])] or None
        page.figure(lambda lg: experiment_figures.paired_differences_figure(results.paired, lg, indicators=present))

    if designs:
        page.heading("side_effects")
        page.note("side_effects_note")
        for territory in territories:
            territory_heading(territory)
            block = results.runs[results.runs["territory"] == territory]
            page.figure(lambda lg, b=block: experiment_figures.side_effects(b, lg))

    _experiment_sections(page, results)
    _runs_section(page, results)
    _reproduce(page, results)

    title = html.escape(L.text("title", lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" data-lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        "</head>\n<body>\n" + "\n".join(page.parts) + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def write_dashboard(results: Results, path: Path | str, lang: str = "fr", *, force: bool = False) -> Path:
    """Write the dashboard of ``results`` to ``path`` atomically.

    Raises:
        FileExistsError: If ``path`` exists and ``force`` is false.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; pass --force to replace it")
    page = render_dashboard(results, lang)
    atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    return path


# --------------------------------------------------------------------------- sections
def _pair_name(scenario: str, territory: str, several: bool, lang: str) -> str:
    return f"{L.name(scenario, lang)}, {L.name(territory, lang)}" if several else L.name(scenario, lang)


def _header(page: _Page, results: Results) -> None:
    ok, failed = len(results.ok_runs), len(results.failed_runs)
    generated = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"

    def subtitle(lang: str) -> str:
        what = L.text(f"kind_{results.kind}", lang)
        name = results.meta.get("name")
        question = results.meta.get("question")
        quoted = (f" « {html.escape(str(name))} »" if lang == "fr" else f" “{html.escape(str(name))}”") if name else ""
        words = f"{L.text('shown', lang)} {what}{quoted}: "
        words += f"{ok} {L.text('n_ok', lang)}"
        if failed:
            words += f", {failed} {L.text('n_failed', lang)}"
        words += f". {L.text('generated', lang)} {generated}."
        if question:
            words += f"<br>{html.escape(str(question))}"
        return words

    page.add(
        "<header>",
        f"<h1>{page.text('title')}</h1>",
        f'<button id="lang-toggle" type="button" title="FR / EN">{page.text("lang_button")}</button>',
        "</header>",
        f'<p class="note">{page.both(subtitle)}</p>',
    )


def _cards(page: _Page, results: Results) -> None:
    page.heading("headline")
    page.note("headline_note")
    for lang in LANGS:
        cards = run_figures.headline_cards(results.runs, lang)
        several = len({card.territory for card in cards}) > 1
        blocks: list[str] = []
        for territory in dict.fromkeys(card.territory for card in cards):
            if several:
                blocks.append(f"<h3>{html.escape(L.name(territory, lang))}</h3>")
            blocks.append('<div class="cards">')
            own = [card for card in cards if card.territory == territory]
            for index, scenario in enumerate(dict.fromkeys(card.scenario for card in own)):
                lines = []
                for card in (c for c in own if c.scenario == scenario):
                    interval = (
                        f'<br><span class="interval">{html.escape(card.interval)}</span>' if card.interval else ""
                    )
                    lines.append(
                        f'<dt>{html.escape(card.title)}</dt><dd data-indicator="{card.indicator}">'
                        f'<span class="value">{html.escape(card.value)}</span>{interval}</dd>'
                    )
                blocks.append(
                    f'<div class="card" style="--hue:{style.colour(scenario, index)}">'
                    f"<h4>{html.escape(L.name(scenario, lang))}</h4><dl>{''.join(lines)}</dl></div>"
                )
            blocks.append("</div>")
        page.add(f'<div class="lang-{lang}">{"".join(blocks)}</div>')


def _experiment_sections(page: _Page, results: Results) -> None:
    if results.factors:
        page.heading("sweep")
        spec = results.meta.get("spec") or {}
        wanted = results.meta.get("indicators") or spec.get("indicators") or SWEEP_INDICATORS
        indicators = [key for key in wanted if key in results.runs]
        ok = results.ok_runs
        # A sample design has one value per point: scatter its runs; a grid has levels: map them.
        sampled = results.meta.get("design") == "sample" or any(
            ok[f].nunique() > 12 for f in results.factors if f in ok
        )
        for indicator in indicators:
            if sampled or results.aggregate is None:
                page.figure(
                    lambda lg, i=indicator: experiment_figures.sweep_scatter(results.runs, i, results.factors, lg)
                )
            else:
                page.figure(
                    lambda lg, i=indicator: experiment_figures.sweep_heatmap(results.aggregate, i, results.factors, lg)
                )
    if results.sensitivity is not None and not results.sensitivity.empty:
        page.heading("sensitivity")
        page.note("sensitivity_note")
        for indicator in dict.fromkeys(results.sensitivity["indicator"]):
            page.figure(lambda lg, i=indicator: experiment_figures.sobol_bars(results.sensitivity, i, lg))
    if results.break_even is not None:
        page.heading("break_even")
        page.note("break_even_note")
        # an experiment may declare several thresholds; each has its own analysis
        for be in results.break_even.get("analyses") or [results.break_even]:
            _break_even_section(page, be, results)


def _break_even_section(page: _Page, be: dict, results: Results) -> None:
    share = be.get("share_meeting")
    if share is not None:

        def meeting(lang: str) -> str:
            runs = f"{be.get('n_runs', '?')} {L.text('runs', lang).lower()}"
            words = f"{L.text('share_meeting', lang)}: {N.number(share, 'share', lang)} ({runs})"
            return html.escape(words)

        page.add(f"<p>{page.both(meeting)}</p>")
    page.figure(lambda lg: experiment_figures.prim_boxes(be, lg, runs=results.ok_runs))
    boxes = be.get("boxes") or []
    if boxes:
        page.add(page.both(lambda lg: _boxes_table(boxes, lg), tag="div"))


def _boxes_table(boxes: list[dict], lang: str) -> str:
    head = "".join(
        f"<th>{html.escape(L.text(k, lang))}</th>" for k in ("box", "description", "coverage", "density", "mass")
    )
    rows = []
    for number, box in enumerate(boxes, start=1):
        cells = [str(number), html.escape(str(box.get("description", "")))]
        cells += [N.number(box.get(k), "share", lang) for k in ("coverage", "density", "mass")]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _runs_section(page: _Page, results: Results) -> None:
    failed = results.failed_runs
    if failed.empty:
        return
    page.heading("failed_runs")

    def table(lang: str) -> str:
        columns = ["run_id", "scenario", "territory", "seed", "status", "error"]
        head = "".join(f"<th>{html.escape(L.name(c, lang))}</th>" for c in columns)
        rows = [
            "<tr>"
            + "".join(f"<td>{html.escape('' if _missing(getattr(r, c)) else str(getattr(r, c)))}</td>" for c in columns)
            + "</tr>"
            for r in failed.itertuples()
        ]
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

    page.add(page.both(table, tag="div"))


def _missing(value: object) -> bool:
    try:
        return value is None or bool(value != value)  # NaN and pd.NA
    except (TypeError, ValueError):
        return False


def _reproduce(page: _Page, results: Results) -> None:
    page.heading("reproduce")
    lines = [
        f'<p>{page.text("command")}:</p><pre id="reproduce-command">{html.escape(results.command or "?")}</pre>',
        f'<p>{page.text("config_hash")}: <code id="config-hash">{html.escape(results.config_hash or "?")}</code></p>',
    ]
    if results.git_commit:
        lines.append(f"<p>{page.text('git_commit')}: <code>{html.escape(results.git_commit)}</code></p>")
    lines.append(f"<p><code>{html.escape(str(results.path))}</code></p>")
    page.add(*lines)
