# Translation tables keep one entry a line, however long their sentences.
# ruff: noqa: E501
"""Every word of the app's own controls and messages, in French and English.

The figures' and tables' words are the report's (:mod:`sim.dashboard.labels`); these are the
page's: control labels, menu entries, placeholders, notes and messages. A control whose label is
here is translated when the language changes (:func:`sim.app.callbacks.register`); a test checks
that a French page shows none of the English words and the reverse.
"""

from __future__ import annotations

from sim.report.numbers import lang_index

WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "TZCLD Cœur du Hainaut : résultats et simulation à la demande",
        "TZCLD Coeur du Hainaut: results and what-if",
    ),
    "mode": ("Mode", "Mode"),
    "mode_browse": ("Parcourir les résultats", "Browse results"),
    "mode_whatif": ("Simuler à la demande", "What-if (live rerun)"),
    "language": ("Langue", "Language"),
    "results_dir": ("Dossier de résultats", "Results folder"),
    "results_placeholder": ("choisir un dossier", "choose a folder"),
    "view": ("Vue", "View"),
    "column": ("Série (éventail)", "Series (fan chart)"),
    "column_placeholder": ("série par défaut", "default series"),
    "design": ("Modèle", "Design"),
    "territory": ("Territoire", "Territory"),
    "replication": ("Réplication", "Replication"),
    "year_from": ("De l'année", "From year"),
    "year_to": ("À l'année", "To year"),
    "all": ("tous", "all"),
    "whatif_intro": (
        "Simulation à la demande : le modèle et le territoire choisis, avec leur jumeau au statu quo, sont simulés à nouveau dans ce processus à chaque changement de réglage. Rien n'est écrit sur le disque.",
        "What-if: the design and territory chosen and their status-quo twin are simulated again in this process whenever a setting moves. Nothing is written to disk.",
    ),
    "whatif_design": ("Modèle simulé", "Design simulated"),
    "whatif_territory": ("Territoire simulé", "Territory simulated"),
    "basin_slow": (
        "Le bassin entier compte environ 34 000 demandeurs d'emploi : une mise à jour y prend plusieurs secondes.",
        "The whole basin has about 34,000 jobseekers: an update takes several seconds there.",
    ),
    "seed": ("Graine aléatoire", "Random seed"),
    "horizon": ("Horizon (mois)", "Horizon (months)"),
    "budget_note": (
        "Le budget n'est lu qu'avec la règle « budget fixe » ; il se dépense sur {months} mois à partir du début, puis l'EBE ferme.",
        "The budget is read with the fixed-budget rule only; it is spent over {months} months from the start, then the EBE closes.",
    ),
    "not_this_design": ("non utilisé par ce modèle", "not used by this design"),
    "ignored": (
        "Réglages sans effet sur ce modèle, laissés de côté : {names}.",
        "Settings this design does not use, left out: {names}.",
    ),
    "pin": ("Épingler ces réglages comme référence", "Pin these settings as the baseline"),
    "unpin": ("Retirer la référence", "Remove the baseline"),
    "baseline_is": ("Référence épinglée : {command}", "Pinned baseline: {command}"),
    "baseline": ("Référence", "Baseline"),
    "current": ("Réglages actuels", "Current settings"),
    "difference": ("Différence (actuels − référence)", "Difference (current − baseline)"),
    "baseline_compare": ("Comparaison avec la référence", "Comparison with the baseline"),
    "updated": (
        "Mis à jour en {seconds} s (simulation de {months} mois avec son jumeau : {simulation} s{cached}).",
        "Updated in {seconds} s (simulation of {months} months with its twin: {simulation} s{cached}).",
    ),
    "cached": (", déjà calculée", ", cached"),
    "command": ("Commande équivalente", "Equivalent command"),
    "invalid": (
        "Réglages refusés, rien n'a été simulé (le même contrôle que tzcld) :",
        "Invalid settings, nothing was simulated (the same check as tzcld):",
    ),
    "choose_folder": (
        "Choisissez un dossier de résultats ci-dessus (simulations, ensembles de simulations, tâches principales et expériences).",
        "Choose a results folder above (runs, sets of runs, main jobs and experiments are listed).",
    ),
    "no_root": (
        "Le dossier racine des résultats {root} n'existe pas (voir --results).",
        "The results root {root} does not exist (see --results).",
    ),
    "no_results": (
        "Pas encore de résultats sous {root} : lancez d'abord tzcld, tzcld-main ou tzcld-experiment.",
        "No results under {root} yet: run tzcld, tzcld-main or tzcld-experiment first.",
    ),
    "cannot_open": ("Impossible d'ouvrir {folder} : {error}", "Cannot open {folder}: {error}"),
    "missing_folder": (
        "{folder} n'existe pas sous la racine des résultats {root}",
        "{folder} does not exist under the results root {root}",
    ),
    "no_match": ("Aucune simulation ne correspond aux filtres.", "No run matches the filters."),
    "cannot_draw": (
        "Impossible de dessiner la vue {view} de {folder} : {error}",
        "Cannot draw the {view} view of {folder}: {error}",
    ),
    "failed_runs": ("{n} simulation(s) en échec, laissées de côté : {list}", "{n} failed run(s), left out: {list}"),
    "unknown_command": ("(inconnue)", "(unknown)"),
    "no_flows": ("Pas de flux d'argent dans les années choisies.", "No money flows in the years chosen."),
    "no_paired": (
        "Les différences appariées demandent au moins deux modèles simulés avec les mêmes graines.",
        "Paired differences need at least two designs run with the same seeds.",
    ),
    "no_sweep": (
        "Ce dossier ne fait varier aucun paramètre : ouvrez une expérience avec une grille ou un échantillon.",
        "This folder sweeps no parameter: open an experiment with a grid or a sample.",
    ),
    "no_sobol": (
        "Ce dossier n'a pas d'analyse de sensibilité (lancez une expérience avec une analyse sobol ou morris).",
        "This folder has no sensitivity analysis (run an experiment with a sobol or morris analysis).",
    ),
    "no_prim": (
        "Ce dossier n'a pas d'analyse de seuil de rentabilité (lancez une expérience avec une analyse prim).",
        "This folder has no break-even analysis (run an experiment with a prim analysis).",
    ),
    "no_design": (
        "Ce dossier n'a pas de modèle autre que le statu quo.",
        "This folder has no design other than the status quo.",
    ),
    "shown": ("{kind} : {folder} ({n} simulations réussies)", "{kind}: {folder} ({n} successful runs)"),
    "url_problems": (
        "Adresse en partie illisible, ignorée :",
        "Part of the address could not be read and was ignored:",
    ),
    "download_csv": ("Télécharger le tableau (CSV)", "Download the table (CSV)"),
    "download_xlsx": ("Télécharger le tableau (Excel)", "Download the table (Excel)"),
    "glossary": ("Glossaire", "Glossary"),
    "reproduce": ("Reproduire", "Reproduce"),
    "config_hash": ("Empreinte de la configuration", "Configuration hash"),
    # the folder menu's groups and kinds
    "group_main": ("Tâches principales (tzcld-main)", "Main jobs (tzcld-main)"),
    "group_experiment": ("Expériences (tzcld-experiment)", "Experiments (tzcld-experiment)"),
    "group_multirun": ("Balayages Hydra (tzcld -m)", "Hydra sweeps (tzcld -m)"),
    "group_folder": ("Dossiers de simulations", "Folders of runs"),
    "group_run": ("Simulations isolées (tzcld)", "Single runs (tzcld)"),
    "group_broken": ("Illisibles", "Unreadable"),
    "kind_main": ("tâche principale", "main job"),
    "kind_experiment": ("expérience", "experiment"),
    "kind_multirun": ("balayage Hydra", "Hydra sweep"),
    "kind_folder": ("dossier de simulations", "folder of runs"),
    "kind_run": ("simulation", "run"),
    "kind_broken": ("illisible", "unreadable"),
    "runs_count": ("{n} simulations", "{n} runs"),
    "one_run": ("1 simulation", "1 run"),
    "this_folder": ("(ce dossier)", "(this folder)"),
    "not_listed": ("{folder}  (non listé)", "{folder}  (not listed)"),
}

# The browse views: name -> (French, English).
VIEW_WORDS: dict[str, tuple[str, str]] = {
    "headline": ("La réponse et les chiffres clés", "The answer and headline cards"),
    "fan": ("Au fil du temps (éventails)", "Over time (fan charts)"),
    "payers": ("Qui paie, qui économise", "Who pays, who saves"),
    "sankey": ("Flux d'argent (Sankey)", "Money flows (Sankey)"),
    "paired": ("Les modèles côte à côte (différences appariées)", "The designs side by side (paired differences)"),
    "side_effects": ("Effets de bord", "Side effects"),
    "hiring": ("Pourquoi l'embauche ralentit", "Why hiring slowed"),
    "evaluation": ("Mesures des évaluations", "Evaluation measures"),
    "sweep": ("Paramètres explorés", "Explored parameters"),
    "sobol": ("Sensibilité (Sobol)", "Sensitivity (Sobol)"),
    "prim": ("Seuil de rentabilité (PRIM)", "Break-even (PRIM)"),
}

# Units of configs/uncertainties.yaml as a lever's label shows them; a unit the label already
# says in its own words ("hires a year per 5,000 inhabitants") is not repeated.
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "share": ("part, de 0 à 1", "share, 0 to 1"),
    "yearly probability": ("probabilité par an", "yearly probability"),
    "monthly probability": ("probabilité par mois", "monthly probability"),
    "months": ("mois", "months"),
    "EUR per FTE per year": ("€ par ETP et par an", "€ per FTE per year"),
    "EUR for each project (one per EBE) over the budget period": (
        "€ par projet sur la période",
        "€ per project over the period",
    ),
    "contracts per year per 1,000 jobseekers": ("", ""),
    "activities per year per 5,000 inhabitants": ("", ""),
}


def word(key: str, lang: str) -> str:
    """A word or sentence of the page in ``lang``."""
    return WORDS[key][lang_index(lang)]


def view_word(view: str, lang: str) -> str:
    """The name of a browse view in ``lang``."""
    return VIEW_WORDS[view][lang_index(lang)]


def unit_word(unit: str, lang: str) -> str:
    """A lever's unit as its label shows it (``""`` when the label already says it)."""
    words = UNIT_WORDS.get(unit)
    return words[lang_index(lang)] if words else unit
