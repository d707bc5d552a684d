"""plotly.js in French, offline: the locale dictionary and date and number formats.

plotly.js ships with English only; other locales are separate files on a CDN, which neither the
offline report nor the app may fetch. :data:`FRENCH` is that locale written here: month and day
names for date axes ("janv. 2027"), a decimal comma and a narrow no-break space between
thousands, and the words of the mode bar and of the Sankey's hover labels. :func:`register_script`
is the JavaScript that hands it to plotly.js, before or after plotly.js is loaded, in the way
plotly's own locale files do (``window.PlotlyLocales``). A figure then uses it through its
configuration's ``locale`` (:func:`sim.dashboard.style.plot_config`).
"""

from __future__ import annotations

import json

FRENCH_NAME = "fr"

# French typography writes month and day names in lower case.
FRENCH: dict = {
    "moduleType": "locale",
    "name": FRENCH_NAME,
    "dictionary": {
        "Autoscale": "Échelle automatique",
        "Box Select": "Sélection rectangulaire",
        "Compare data on hover": "Comparer les données au survol",
        "Double-click to zoom back out": "Double-cliquer pour revenir au zoom initial",
        "Download plot": "Télécharger le graphique",
        "Download plot as a PNG": "Télécharger le graphique en PNG",
        "Download plot as JSON": "Télécharger le graphique en JSON",
        "Lasso Select": "Sélection au lasso",
        "Pan": "Déplacer",
        "Reset": "Réinitialiser",
        "Reset axes": "Réinitialiser les axes",
        "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Show closest data on hover": "Montrer la donnée la plus proche au survol",
        "Toggle Spike Lines": "Afficher ou masquer les repères",
        "Toggle show closest data on hover": "Afficher ou masquer la donnée la plus proche au survol",
        "Zoom": "Zoom",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "trace": "série",
        "source:": "de :",
        "target:": "vers :",
        "incoming flow count:": "flux entrants :",
        "outgoing flow count:": "flux sortants :",
        "concentration:": "concentration :",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "shortMonths": [
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ],
        "periods": ["", ""],
        "dateTime": "%A %e %B %Y, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "decimal": ",",
        "thousands": "\u202f",
        "grouping": [3],
        "currency": ["", " €"],
        "year": "%Y",
        "month": "%b %Y",
        "dayMonth": "%-d %b",
        "dayMonthYear": "%-d %b %Y",
    },
}

# What `layout.separators` says for each language: the decimal mark, then the thousands mark.
SEPARATORS = {"fr": ",\u202f", "en": ".,"}


def register_script() -> str:
    """JavaScript registering :data:`FRENCH` with plotly.js, whether it is loaded yet or not."""
    return (
        f"(function () {{ var locale = {json.dumps(FRENCH, ensure_ascii=False)};"
        " if (typeof Plotly === 'undefined' || !Plotly.register) {"
        " window.PlotlyLocales = window.PlotlyLocales || []; window.PlotlyLocales.push(locale); }"
        " else { Plotly.register(locale); } })();"
    )
