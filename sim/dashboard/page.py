"""The machinery of the single-file report: its parts, both languages, and figures drawn lazily.

:class:`Page` collects the HTML parts; every text and figure is written once per language, each
in an element marked ``lang-fr`` or ``lang-en``; a few lines of JavaScript (:data:`SCRIPT`) switch
which one is shown (CSS on the ``data-lang`` attribute of ``<html>``).

Figures are not drawn when the page opens: each is a ``<div>`` of its final height with its
figure as JSON beside it (``<script type="application/json">``, which the browser does not run),
and ``Plotly.newPlot`` is called when the div comes near the screen (an ``IntersectionObserver``),
so a page of 40 plots opens as fast as one of a few. plotly.js itself, and the French locale
(:mod:`sim.dashboard.plotly_locale`), are inline once in the head: the page asks nothing of the
network. Printing draws every figure first.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

import plotly.graph_objects as go
import plotly.io as pio

from sim.dashboard import glossary, style
from sim.dashboard import labels as L
from sim.report.numbers import LANGS

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
.card dt.payers, .card dd.payers { grid-column: 1 / -1; } .card dd.payers { white-space: pre-line; text-align: left; }
.card .value { font-weight: 600; } .card .interval { color: #666; font-size: .8rem; }
a.term { color: inherit; text-decoration: underline dotted #888; text-underline-offset: 2px; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .88rem; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; }
table.answer td.cell { text-align: right; white-space: nowrap; }
table.answer th[scope=row] { font-weight: normal; } table.answer tr.payer th { padding-left: 1.2rem; }
.downloads a { margin-right: 1rem; }
code, pre { background: #f4f4f4; padding: .15rem .35rem; border-radius: 3px; font-size: .88rem; }
pre { padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.figure { margin: .6rem 0 1.2rem; }
.lazy-figure:not(.js-plotly-plot) { background: #fafafa; border: 1px dashed #ddd; color: #888;
                                   display: flex; align-items: center; justify-content: center; }
.terms { color: #666; font-size: .82rem; margin: .2rem 0 1rem; }
dl.glossary dt { font-weight: 600; margin-top: .6rem; } dl.glossary dd { margin: .1rem 0 0 0; max-width: 60rem; }
dl.glossary dt:target, dl.glossary dt:target + dd { background: #fff6d6; }
"""

SCRIPT = """
(function () {
  function draw(div) {
    if (div.dataset.drawn) { return; }
    div.dataset.drawn = '1';
    var spec = JSON.parse(document.getElementById('spec-' + div.id).textContent);
    div.textContent = '';
    Plotly.newPlot(div, spec.data, spec.layout, spec.config);
  }
  var figures = document.querySelectorAll('.lazy-figure');
  if ('IntersectionObserver' in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, {rootMargin: '400px 0px'});
    figures.forEach(function (div) { observer.observe(div); });
  } else {
    figures.forEach(draw);
  }
  window.tzcldDrawAll = function () { figures.forEach(draw); };
  window.addEventListener('beforeprint', window.tzcldDrawAll);
})();
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


def figure_json(fig: go.Figure, lang: str) -> str:
    """The figure and its configuration as JSON safe inside a ``<script>`` element."""
    spec = pio.json.to_json_plotly({**style.to_plotly(fig), "config": style.plot_config(lang)})
    return spec.replace("</", "<\\/")


def term_link(term: str | None, words: str, lang: str) -> str:
    """``words`` (escaped) as a link to their glossary entry, or plain when there is none."""
    escaped = html.escape(words)
    if not term:
        return escaped
    title = html.escape(L.text("glossary_link", lang))
    return f'<a class="term" href="#{glossary.anchor(term, lang)}" title="{title}">{escaped}</a>'


class Page:
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

    def heading(self, key: str, level: int = 2, anchor: str = "") -> None:
        ident = f' id="{anchor}"' if anchor else ""
        self.add(f"<h{level}{ident}>{self.text(key)}</h{level}>")

    def note(self, key: str) -> None:
        self.add(f'<p class="note">{self.text(key)}</p>')

    def figure(self, make: Callable[[str], go.Figure], terms: Iterable[str | None] = ()) -> None:
        """One figure, drawn once per language when it scrolls into view, with links to the
        glossary entries of the indicators it shows."""
        self.figures += 1
        number = self.figures
        wanted = list(dict.fromkeys(t for t in terms if t))
        for lang in LANGS:
            fig = make(lang)
            div_id = f"figure-{number}-{lang}"
            height = int(fig.layout.height or 450)
            placeholder = html.escape(L.text("lazy", lang))
            self.add(
                f'<div class="figure lang-{lang}">'
                f'<div id="{div_id}" class="lazy-figure" style="height:{height}px;width:100%">{placeholder}</div>'
                f'<script type="application/json" id="spec-{div_id}">{figure_json(fig, lang)}</script>'
                f"{_terms(wanted, lang)}</div>"
            )


def _terms(terms: list[str], lang: str) -> str:
    if not terms:
        return ""
    links = " · ".join(term_link(term, glossary.entry(term, lang)[0], lang) for term in terms)
    return (
        f'<p class="terms">{html.escape(L.text("glossary", lang))} : {links}</p>'
        if lang == "fr"
        else (f'<p class="terms">{html.escape(L.text("glossary", lang))}: {links}</p>')
    )
