"""Assemble ``dashboard.html``: one self-contained page, French and English in the same file.

The page opens with the answer in one table (:mod:`sim.report.answer`, downloadable as CSV and
XLSX from the page itself), then the headline cards, the figures over time, who pays, why hiring
slowed, the designs side by side, side effects, the evaluation measures, the experiment's own
sections, failed runs, how to reproduce, and a glossary every indicator's label links to.
Figures are drawn as they scroll into view (:mod:`sim.dashboard.page`), so the page opens
quickly; it asks nothing of the network. ``lang`` sets the initial language.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from pathlib import Path

from plotly.offline import get_plotlyjs

from sim.dashboard import experiment_figures, glossary, measure_figures, run_figures, sankey, style
from sim.dashboard import labels as L
from sim.dashboard.data import PAIRED_INDICATORS, Results
from sim.dashboard.page import SCRIPT, STYLE, Page, term_link
from sim.dashboard.plotly_locale import register_script
from sim.outputs import atomic_write
from sim.report import answer as A
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
MIME = {"csv": "text/csv;charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
DOWNLOAD_NAME = {"fr": "tzcld-reponse", "en": "tzcld-answer"}


def render_dashboard(results: Results, lang: str = "fr") -> str:
    """The dashboard of ``results`` as one HTML string (see the module docstring).

    Args:
        results: From :func:`sim.dashboard.data.load_results`.
        lang: The language shown first, ``fr`` or ``en``.
    """
    N.lang_index(lang)  # an unknown language fails here, before any figure is drawn
    page = Page()
    ok = results.ok_runs
    territories = style.territory_order(ok["territory"])
    several = len(territories) > 1

    def territory_heading(territory: str) -> None:
        if several:
            page.add(f"<h3>{page.both(lambda lg: html.escape(L.name(territory, lg)))}</h3>")

    _header(page, results)
    _answer(page, results)
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
                    ),
                    terms=[glossary.term_of(column), "twin" if show_twin or versus_twin else None],
                )

    designs = [s for s in style.design_order(ok["scenario"]) if s != "status_quo"]
    if designs and not results.ledger.empty:
        page.heading("who_pays")
        page.note("who_pays_note")
        for territory, scenario in style.pairs(results.ledger, designs_only=True):
            ledger = results.ledger[
                (results.ledger["territory"] == territory) & (results.ledger["scenario"] == scenario)
            ]
            heading = page.both(lambda lg, s=scenario, t=territory: html.escape(_pair_name(s, t, several, lg)))
            page.add(f"<h3>{heading}</h3>")
            page.figure(
                lambda lg, g=ledger, s=scenario, t=territory: run_figures.payer_bars(
                    g, results.payers, lg, title=_pair_name(s, t, several, lg)
                ),
                terms=["net_public_cost"],
            )
            page.figure(
                lambda lg, g=ledger, s=scenario, t=territory: sankey.sankey_by_year(
                    g, lg, title=f"{L.text('money_flows', lg)}, {_pair_name(s, t, several, lg)}"
                ),
                terms=["ledger", "public_spending"],
            )
        _hiring(page, results)

    if results.paired is not None and not results.paired.empty:
        page.heading("designs_compared")
        page.note("designs_compared_note")
        # An experiment pairs every indicator: show the study's own, or the headline ones.
        wanted = results.meta.get("indicators") or list(PAIRED_INDICATORS)
        present = [key for key in wanted if key in set(results.paired["indicator"])] or None
        page.figure(
            lambda lg: experiment_figures.paired_differences_figure(
                results.paired, lg, indicators=present, runs=results.runs
            ),
            terms=["difference", *(glossary.term_of(k) for k in present or ())],
        )

    if designs:
        page.heading("side_effects")
        page.note("side_effects_note")
        for territory in territories:
            territory_heading(territory)
            block = results.runs[results.runs["territory"] == territory]
            page.figure(
                lambda lg, b=block: experiment_figures.side_effects(b, lg),
                terms=["displacement", "ordinary_jobs", "participants_income"],
            )
        _evaluation(page, results)

    _experiment_sections(page, results)
    _runs_section(page, results)
    _reproduce(page, results)
    _glossary(page)

    title = html.escape(L.text("title", lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" data-lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        f'<script type="text/javascript">{register_script()}</script>\n'
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


def _header(page: Page, results: Results) -> None:
    ok, failed = len(results.ok_runs), len(results.failed_runs)
    generated = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"

    def subtitle(lang: str) -> str:
        what = L.text(f"kind_{results.kind}", lang)
        name = results.meta.get("name")
        question = results.meta.get("question")
        quoted = (f" « {html.escape(str(name))} »" if lang == "fr" else f" “{html.escape(str(name))}”") if name else ""
        # French elides "de" before a vowel ("d'un ensemble") and spaces its colon
        of = f"{L.text('shown', lang)} "
        if lang == "fr" and what[:1].lower() in "aeiouyéh":
            of = of.removesuffix("de ") + "d'"
        words = f"{of}{what}{quoted}{' :' if lang == 'fr' else ':'} "
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


def answer_html(table, runs, lang: str, *, table_id: str = "") -> str:
    """The one-table answer as HTML: a header sentence, then one table per territory, each row
    label a link to the glossary (see :mod:`sim.report.answer`)."""
    parts = [f'<p class="note answer-header">{html.escape(A.answer_header(runs, lang))}</p>']
    displays = A.answer_display(table, lang)
    several = len(displays) > 1
    for territory, (frame, keys) in displays.items():
        if several:
            parts.append(f"<h3>{html.escape(L.name(territory, lang))}</h3>")
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
        body = []
        for (label, row), key in zip(frame.iterrows(), keys, strict=True):
            kind = "payer" if key.startswith(A.PAYER_PREFIX) else "indicator"
            cells = "".join(f'<td class="cell">{html.escape(str(v))}</td>' for v in row)
            link = term_link(glossary.term_of(key), str(label), lang)
            body.append(f'<tr class="{kind}" data-row="{html.escape(key)}"><th scope="row">{link}</th>{cells}</tr>')
        ident = f' id="{table_id}-{territory}"' if table_id else ""
        parts.append(
            f'<table class="answer" data-territory="{html.escape(territory)}"{ident}>'
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )
    return "".join(parts)


def _answer(page: Page, results: Results) -> None:
    page.heading("answer", anchor="answer")
    page.note("answer_note")
    for lang in LANGS:
        table = A.answer_table(results.runs, results.payers, lang)
        if table.empty:
            continue
        frame = A.download_frame(table, results.runs, lang)
        about = A.answer_header(results.runs, lang)
        links = []
        for fmt in A.FORMATS:
            data = A.to_bytes(frame, fmt, about=about, sheet=A.word("sheet", lang), about_sheet=A.word("about", lang))
            href = f"data:{MIME[fmt]};base64,{base64.b64encode(data).decode('ascii')}"
            links.append(
                f'<a class="download" data-format="{fmt}" download="{DOWNLOAD_NAME[lang]}.{fmt}" href="{href}">'
                f"{html.escape(L.text(f'download_{fmt}', lang))}</a>"
            )
        page.add(
            f'<div class="lang-{lang}">{answer_html(table, results.runs, lang, table_id="answer")}'
            f'<p class="downloads">{"".join(links)}</p></div>'
        )


def _cards(page: Page, results: Results) -> None:
    page.heading("headline")
    page.note("headline_note")
    for lang in LANGS:
        cards = run_figures.headline_cards(results.runs, lang, payers=results.payers)
        several = len({card.territory for card in cards}) > 1
        context = html.escape(run_figures.card_context(results.runs, lang))
        blocks: list[str] = [f'<p class="note card-context">{context}</p>']
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
                    extra = ' class="payers"' if card.indicator == run_figures.PAYERS_CARD else ""
                    lines.append(
                        f"<dt{extra}>{term_link(card.term, card.title, lang)}</dt>"
                        f'<dd data-indicator="{card.indicator}"{extra}>'
                        f'<span class="value">{html.escape(card.value)}</span>{interval}</dd>'
                    )
                blocks.append(
                    f'<div class="card" style="--hue:{style.colour(scenario, index)}">'
                    f"<h4>{html.escape(L.name(scenario, lang))}</h4><dl>{''.join(lines)}</dl></div>"
                )
            blocks.append("</div>")
        page.add(f'<div class="lang-{lang} headline-cards">{"".join(blocks)}</div>')


def _not_available(page: Page, what: str) -> None:
    page.add(
        page.both(lambda lg: html.escape(L.text("not_available", lg).format(what=what)), tag="p"),
    )


def _hiring(page: Page, results: Results) -> None:
    page.heading("hiring_why", level=3)
    if measure_figures.CONSTRAINT not in results.timeseries:
        _not_available(page, measure_figures.CONSTRAINT)
        return
    page.note("hiring_why_note")
    page.figure(lambda lg: measure_figures.hiring_constraints(results.timeseries, lg), terms=["hiring_constraint"])
    if not results.territories.empty:
        page.figure(lambda lg: measure_figures.territory_status(results.territories, lg), terms=["hiring_constraint"])


def _evaluation(page: Page, results: Results) -> None:
    page.heading("evaluation")
    keys = [row.key for row in A.EVALUATION_ROWS]
    if not any(key in results.runs and results.runs[key].notna().any() for key in keys):
        _not_available(page, ", ".join(keys))
        return
    page.note("evaluation_note")
    for lang in LANGS:
        table = A.answer_table(results.runs, None, lang, rows=A.EVALUATION_ROWS)
        page.add(f'<div class="lang-{lang}">{answer_html(table, results.runs, lang)}</div>')
    page.figure(lambda lg: measure_figures.avoided_components(results.runs, lg), terms=["evaluation_measures"])


def _experiment_sections(page: Page, results: Results) -> None:
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
                    lambda lg, i=indicator: experiment_figures.sweep_scatter(results.runs, i, results.factors, lg),
                    terms=[glossary.term_of(indicator)],
                )
            else:
                page.figure(
                    lambda lg, i=indicator: experiment_figures.sweep_heatmap(results.aggregate, i, results.factors, lg),
                    terms=[glossary.term_of(indicator)],
                )
    if results.sensitivity is not None and not results.sensitivity.empty:
        page.heading("sensitivity")
        page.note("sensitivity_note")
        for indicator in dict.fromkeys(results.sensitivity["indicator"]):
            page.figure(
                lambda lg, i=indicator: experiment_figures.sobol_bars(results.sensitivity, i, lg),
                terms=[glossary.term_of(indicator)],
            )
    if results.break_even is not None:
        page.heading("break_even")
        page.note("break_even_note")
        # an experiment may declare several thresholds; each has its own analysis
        for be in results.break_even.get("analyses") or [results.break_even]:
            _break_even_section(page, be, results)


def _break_even_section(page: Page, be: dict, results: Results) -> None:
    share = be.get("share_meeting")
    if share is not None:

        def meeting(lang: str) -> str:
            runs = f"{be.get('n_runs', '?')} {L.text('runs', lang).lower()}"
            words = f"{L.text('share_meeting', lang)}: {N.number(share, 'share', lang)} ({runs})"
            return html.escape(words)

        page.add(f"<p>{page.both(meeting)}</p>")
    page.figure(
        lambda lg: experiment_figures.prim_boxes(be, lg, runs=results.ok_runs),
        terms=[glossary.term_of(str(be.get("indicator", "")))],
    )
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


def _runs_section(page: Page, results: Results) -> None:
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


def _reproduce(page: Page, results: Results) -> None:
    page.heading("reproduce")
    lines = [
        f'<p>{page.text("command")}:</p><pre id="reproduce-command">{html.escape(results.command or "?")}</pre>',
        f'<p>{page.text("config_hash")}: <code id="config-hash">{html.escape(results.config_hash or "?")}</code></p>',
    ]
    if results.git_commit:
        lines.append(f"<p>{page.text('git_commit')}: <code>{html.escape(results.git_commit)}</code></p>")
    lines.append(f"<p><code>{html.escape(str(results.path))}</code></p>")
    page.add(*lines)


def glossary_html(lang: str) -> str:
    """Every glossary entry, as a definition list whose terms are the links' targets."""
    items = "".join(
        f'<dt id="{glossary.anchor(key, lang)}">{html.escape(term)}</dt><dd>{html.escape(text)}</dd>'
        for key, term, text in glossary.entries(lang)
    )
    return f'<dl class="glossary">{items}</dl>'


def _glossary(page: Page) -> None:
    page.heading("glossary", anchor="glossary")
    page.add(page.both(glossary_html, tag="div"))
