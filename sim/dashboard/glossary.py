# Definitions keep one entry a line, however long their sentences.
# ruff: noqa: E501
"""The glossary of the report and the app (FR/EN), and which entry explains which indicator.

Every indicator's label links to its entry (:func:`term_of`): the report's cards, tables and
figure headings, the app's cards and tables. An indicator names its entry in
:data:`INDICATOR_TERMS`; a new indicator gets its link by one line there (and its words in
:data:`sim.dashboard.labels.INDICATORS`). A test checks that every indicator the dashboards show
has an entry.
"""

from __future__ import annotations

from sim.report.numbers import lang_index

# term -> (French term, English term, French definition, English definition)
TERMS: dict[str, tuple[str, str, str, str]] = {
    "twin": (
        "Jumeau (statu quo)",
        "Twin (status quo)",
        "Chaque simulation d'un modèle est accompagnée d'une simulation du statu quo sur la même population avec le même hasard : qui aurait retrouvé un emploi au mois 14 le retrouve aussi au mois 14 dans le jumeau. « Scénario moins jumeau » est l'effet du modèle, sans bruit de Monte-Carlo dans la différence.",
        'Every run of a design is paired with a run of the status quo on the same population with the same luck: whoever would have found a job in month 14 also finds it in month 14 in the twin. "Scenario minus twin" is the design\'s effect, without Monte-Carlo noise in the difference.',
    ),
    "scheme_jobs": (
        "Emplois du dispositif",
        "Scheme jobs",
        "Emplois en entreprise à but d'emploi (EBE) et contrats aidés des acteurs existants (article 60, aides à l'embauche, économie sociale), en équivalents temps plein (ETP) ou en personnes, selon l'indicateur.",
        "Jobs in employment-based enterprises (EBE) and the subsidised contracts of the existing actors (article 60, hiring aids, social economy), in full-time equivalents (FTE) or in people, as the indicator says.",
    ),
    "fte_year": (
        "ETP-année",
        "FTE-year",
        "Un emploi à temps plein pendant un an (ou deux mi-temps, ou un temps plein pendant six mois deux fois). Les coûts « par ETP-année » divisent un montant de la période par les ETP-années du dispositif sur la même période.",
        'One full-time job for one year (or two half-time jobs, or one full-time job for six months twice). Costs "per FTE-year" divide an amount over the horizon by the scheme\'s FTE-years over the same horizon.',
    ),
    "volunteers": (
        "Volontaires et file d'attente",
        "Volunteers and waiting list",
        "Les personnes éligibles (sans emploi depuis plus de 24 mois) qui se portent volontaires entrent dans la file d'attente ; elles en sortent embauchées, dans l'ordre d'inscription, quand un poste est ouvert.",
        "Eligible people (jobless for more than 24 months) who volunteer join the waiting list; they leave it when hired, in order of registration, as posts open.",
    ),
    "exhaustivity": (
        "Exhaustivité",
        "Exhaustivity",
        "Le but du dispositif : chaque volontaire a un emploi. Le délai jusqu'à l'exhaustivité est le premier mois après lequel aucun volontaire n'attend plus de 3 mois. « jamais k/n » : dans k des n réplications, ce mois n'arrive pas avant la fin de la période.",
        'The scheme\'s aim: every volunteer has a job. The time to exhaustivity is the first month after which no volunteer waits more than 3 months. "never k/n": in k of the n replications that month does not come before the end of the horizon.',
    ),
    "public_spending": (
        "Argent public versé au dispositif (coût brut)",
        "Public money paid to the scheme (gross cost)",
        "Contributions par ETP, subventions de démarrage, compléments de déficit, cofinancement local, subventions et aides des opérateurs : tout ce que les financeurs publics versent au dispositif sur la période, en euros de chaque année simulée.",
        "Per-FTE contributions, start-up grants, deficit top-ups, local co-funding, the operators' subsidies and aids: everything public payers pay to the scheme over the horizon, in euros of each simulated year.",
    ),
    "avoided_cost": (
        "Coûts évités",
        "Avoided cost",
        "Ce que le dispositif rend inutile ou rapporte aux finances publiques, mesuré face au jumeau : allocations de chômage et RIS qui ne sont plus versés, cotisations et impôts perçus sur les nouveaux salaires, moins ce que le statu quo aurait perçu des personnes qui y auraient retrouvé un emploi ordinaire.",
        "What the scheme makes unnecessary or brings in to the public purse, measured against the twin: unemployment benefits and RIS no longer paid, contributions and taxes collected on the new wages, less what the status quo would have collected from the people who would have found an ordinary job in it.",
    ),
    "net_public_cost": (
        "Coût public net",
        "Net public cost",
        "Ce que le dispositif coûte à l'ensemble des financeurs publics en plus du statu quo : dépense nette du scénario moins celle du jumeau, sur la période, par an ou par ETP-année. Signe : + coût supplémentaire, − économie. Par financeur, le coût net dit qui paie davantage et qui économise.",
        "What the scheme costs all public payers on top of the status quo: the scenario's net spending minus the twin's, over the horizon, a year or per FTE-year. Sign: + extra cost, − saving. By payer, the net cost says who pays more and who saves.",
    ),
    "activation_rate": (
        "Taux d'activation",
        "Activation rate",
        "Part du coût brut couverte par les coûts évités (coûts évités / argent public versé) : la part des dépenses « passives » du chômage que le dispositif « active ». 100 % : le dispositif ne coûte rien de plus que le statu quo.",
        'The share of the gross cost covered by avoided costs (avoided cost / public money paid): how much of the "passive" spending on unemployment the scheme "activates". 100 %: the scheme costs nothing more than the status quo.',
    ),
    "employer_cost": (
        "Coût employeur",
        "Employer cost",
        "Tous les coûts des EBE par ETP-année : salaires au salaire minimum, cotisations patronales après réduction, encadrement, frais de fonctionnement.",
        "All EBE costs per FTE-year: minimum wages, employer contributions after reductions, supervision, running costs.",
    ),
    "long_term_jobless": (
        "Chômage de longue durée",
        "Long-term jobless",
        "Personnes sans emploi depuis plus de 2 ans. Sa baisse face au jumeau est le nombre de chômeurs de longue durée en moins, au dernier mois, par rapport au statu quo.",
        "People jobless for more than 2 years. Its fall against the twin is how many fewer long-term jobless there are in the last month than in the status quo.",
    ),
    "employment_effect": (
        "Effet sur l'emploi",
        "Employment effect",
        "Parmi les volontaires, différence moyenne sur leurs 24 premiers mois entre la part en emploi dans le scénario et dans le jumeau, en points de pourcentage.",
        "Among volunteers, the mean over their first 24 months of the share employed in the scenario minus in the twin, in percentage points.",
    ),
    "displacement": (
        "Effets de déplacement",
        "Displacement",
        "Ventes que les activités du dispositif prennent aux entreprises locales, et les emplois que celles-ci perdent en conséquence (la règle de non-concurrence les limite).",
        "Sales the scheme's activities take from local firms, and the jobs those firms lose as a result (the non-competition rule keeps them low).",
    ),
    "ordinary_jobs": (
        "Sorties vers l'emploi ordinaire",
        "Exits to ordinary jobs",
        "Salariés du dispositif qui le quittent pour un emploi ordinaire (effet tremplin).",
        "Scheme employees who leave it for an ordinary job (stepping stone).",
    ),
    "participants_income": (
        "Revenu et pauvreté des participants",
        "Participants' income and poverty",
        "Revenu disponible mensuel des participants comparé au jumeau, et part sous le seuil de pauvreté dans le scénario et dans le jumeau, au dernier mois.",
        "Participants' monthly disposable income against the twin, and the share below the poverty line in the scenario and in the twin, in the last month.",
    ),
    "ebe": (
        "Entreprise à but d'emploi (EBE)",
        "Employment-based enterprise (EBE)",
        "Entreprise qui embauche en CDI, au salaire minimum et au temps choisi, chaque volontaire, pour des activités utiles que ni le marché ni l'État ne couvrent. Une contribution par ETP du fonds paie l'essentiel des salaires ; ses ventes couvrent le reste.",
        "A firm that hires every volunteer on a permanent contract at the minimum wage, for the hours they choose, for useful work neither the market nor the state covers. A per-FTE contribution from the fund pays most wages; its sales cover the rest.",
    ),
    "ledger": (
        "Grand livre",
        "Ledger",
        "Chaque euro passe d'un compte à un autre (financeurs, fonds, EBE, opérateurs, entreprises, ménages) ; chaque coût affiché est une somme de ces écritures, et la somme de tous les comptes est nulle chaque mois.",
        "Every euro moves from one account to another (payers, fund, EBEs, operators, firms, households); every cost shown is a sum of these postings, and the sum over all accounts is zero every month.",
    ),
    "replication": (
        "Réplication et intervalle 5-95 %",
        "Replication and 5-95 % interval",
        "Une réplication est une simulation du même modèle avec une autre graine aléatoire. Les chiffres sont des médianes sur les réplications, entre crochets l'intervalle du 5e au 95e centile.",
        "A replication is a run of the same design with another random seed. Figures are medians over replications, with the 5th to 95th percentile interval in brackets.",
    ),
    "difference": (
        "Différence entre modèles (A − B)",
        "Difference between designs (A − B)",
        "Différence d'un indicateur entre deux modèles simulés à même graine (même population, même hasard) : toujours le modèle nommé en premier moins le second, soit Acteurs existants − Transposition complète, et chaque modèle − Statu quo.",
        "The difference of an indicator between two designs run with the same seed (same population, same luck): always the design named first minus the second, that is Existing actors − Full transposition, and each design − Status quo.",
    ),
    "price_basis": (
        "Base de prix",
        "Price basis",
        "Sauf mention contraire, les montants sont en euros courants de chaque année simulée (nominaux, indexés chaque janvier). Les résultats qui le permettent donnent aussi chaque montant en euros constants de l'année de base des prix (summary.json, constant_prices) : c'est eux qu'il faut comparer aux chiffres publiés d'une même année.",
        "Unless stated otherwise, amounts are in euros of each simulated year (nominal, indexed every January). Results that allow it also give every amount in constant euros of the price base year (summary.json, constant_prices): compare those with published figures of the same year.",
    ),
    "accounting_convention": (
        "Convention comptable",
        "Accounting convention",
        "Consolidée : tous les financeurs publics comptés comme un seul, si bien qu'un allègement de cotisations que l'État compense à la sécurité sociale s'annule. Par financeur : chacun compte ses propres comptes (la sécurité sociale les cotisations entières, l'État la compensation qu'il verse). Les deux conventions ont le même total ; en Belgique, elles coïncident.",
        "Consolidated: all public payers counted as one, so that a contribution reduction the State compensates to social security nets out. By payer: each counts its own accounts (social security the full contributions, the State the compensation it pays). Both conventions have the same total; in Belgium they coincide.",
    ),
    "evaluation_measures": (
        "Mesures des évaluations",
        "Evaluation measures",
        "Coûts mesurés comme l'évaluation publique française de 2025 : par participant sur les 12 mois qui suivent son entrée, par ETP-année travaillé, subventions de démarrage à part. Coût brut : l'argent public versé pour les postes des participants. Coûts évités : allocations qui ne sont plus versées, moins la prime d'activité désormais versée, plus les cotisations et l'impôt de leurs emplois, moins l'effet de verrouillage (ce que leurs emplois ordinaires dans le jumeau auraient rapporté). Coût net : brut moins évités. Absentes des résultats produits avant leur ajout au modèle.",
        "Costs measured the way the 2025 French public evaluation does: per participant over the 12 months following their entry, per FTE-year worked, start-up grants apart. Gross cost: the public money paid for the participants' posts. Avoided cost: benefits no longer paid, less the in-work benefit now paid, plus the contributions and income tax of their jobs, less lock-in (what their ordinary jobs in the twin would have brought in). Net cost: gross minus avoided. Absent from results made before the model gained them.",
    ),
    "counterfactual_employment": (
        "Emploi au statu quo des participants",
        "Participants' employment in the status quo",
        "Part des participants qui seraient en emploi dans le jumeau, le mois de leur entrée dans le dispositif ou 24 mois après : ce que le dispositif remplace.",
        "The share of participants who would be employed in the twin, in the month they enter the scheme or 24 months later: what the scheme replaces.",
    ),
    "hiring_constraint": (
        "Pourquoi l'embauche ralentit",
        "Why hiring slowed",
        "Chaque mois, la limite qui a retenu l'embauche : volontaires, postes ouverts (activités), encadrants, trésorerie, budget, dispositif fermé, ou aucune.",
        "Each month, the limit that held hiring back: volunteers, open posts (activities), supervisors, cash, budget, scheme closed, or none.",
    ),
    "territories_stopped": (
        "Territoires arrêtés",
        "Territories stopped",
        "Territoires dont le projet est arrêté par la règle du cadre (trop peu d'emplois après un nombre de mois donné).",
        "Territories whose project the framework's rule stops (too few jobs after a given number of months).",
    ),
    "ebe_accounts": (
        "Comptes des EBE",
        "EBE accounts",
        "Trésorerie, chiffre d'affaires, pertes et compléments de déficit des EBE ; un complément de déficit est payé par le fonds et compté comme coût public.",
        "The EBEs' cash, sales, losses and deficit top-ups; a deficit top-up is paid by the fund and counted as public cost.",
    ),
}

# indicator (or column) -> its glossary entry
INDICATOR_TERMS: dict[str, str] = {
    "volunteers_total": "volunteers",
    "waitlist_peak": "volunteers",
    "waitlist_end": "volunteers",
    "volunteers_waiting": "volunteers",
    "longest_wait_months": "volunteers",
    "eligible": "volunteers",
    "hired_total": "scheme_jobs",
    "ebe_fte_end": "scheme_jobs",
    "subsidised_fte_end": "scheme_jobs",
    "scheme_fte_end": "scheme_jobs",
    "scheme_people_end": "scheme_jobs",
    "scheme_fte": "scheme_jobs",
    "ebe_fte": "scheme_jobs",
    "ebe_employees": "scheme_jobs",
    "subsidised_contracts": "scheme_jobs",
    "subsidised_fte": "scheme_jobs",
    "hires": "scheme_jobs",
    "fte_years": "fte_year",
    "months_to_exhaustivity": "exhaustivity",
    "public_spending_eur": "public_spending",
    "public_spending_per_fte_year": "public_spending",
    "gross_eur": "public_spending",
    "ebe_cost_per_fte_year": "employer_cost",
    "avoided_cost_per_fte_year": "avoided_cost",
    "net_public_cost_eur": "net_public_cost",
    "net_public_cost_eur_year": "net_public_cost",
    "net_public_cost_per_fte_year": "net_public_cost",
    "net_eur": "net_public_cost",
    "public_net_spending_eur": "net_public_cost",
    "net_public_spending_vs_twin": "net_public_cost",
    "activation_rate": "activation_rate",
    "jobless_over_2y": "long_term_jobless",
    "long_term_jobless_fall_end": "long_term_jobless",
    "jobless": "long_term_jobless",
    "employment_effect_pp_24m": "employment_effect",
    "displaced_fte_end": "displacement",
    "displaced_sales_eur": "displacement",
    "displaced_sales_eur_month": "displacement",
    "displaced_fte": "displacement",
    "exits_to_ordinary_jobs": "ordinary_jobs",
    "exits_to_ordinary_jobs_cum": "ordinary_jobs",
    "in_ordinary_job": "ordinary_jobs",
    "participants_income_gain_eur_month": "participants_income",
    "participants_poverty_rate": "participants_income",
    "participants_poverty_rate_twin": "participants_income",
    "ebes_in_loss_end": "ebe_accounts",
    "ebes_in_loss": "ebe_accounts",
    "ebe_deficit_top_ups_eur": "ebe_accounts",
    "ebe_cash_eur": "ebe_accounts",
    "ebe_sales_eur": "ebe_accounts",
    "ledger_max_abs_imbalance_eur": "ledger",
    "eval_gross_cost_per_fte_year": "evaluation_measures",
    "eval_avoided_cost_per_fte_year": "evaluation_measures",
    "eval_net_cost_per_fte_year": "evaluation_measures",
    "startup_grant_per_job_created_eur": "evaluation_measures",
    "avoided_cost_components": "evaluation_measures",
    "counterfactual_employment_at_entry": "counterfactual_employment",
    "counterfactual_employment_24m": "counterfactual_employment",
    "participants_benefit_change_eur_month": "evaluation_measures",
    "participants_earnings_change_eur_month": "evaluation_measures",
    "price_base_year": "price_basis",
    "ebe_surplus_taken_back_eur": "ebe_accounts",
    "public_purchases_eur": "ebe_accounts",
    "hiring_constraint": "hiring_constraint",
    "territories_stopped": "territories_stopped",
    "on_insurance": "twin",
    "on_ris": "twin",
    "no_benefit": "twin",
    "in_training": "scheme_jobs",
    "out_of_labour_force": "twin",
    "local_spending_eur": "participants_income",
}

ANCHOR_PREFIX = "glossary-"


def term_of(key: str) -> str | None:
    """The glossary entry that explains indicator or column ``key`` (``None`` when there is none)."""
    if key in INDICATOR_TERMS:
        return INDICATOR_TERMS[key]
    if key in TERMS:
        return key
    if key.startswith(("net_cost_by_payer_eur.", "net_spending_")):
        return "net_public_cost"
    if key.startswith(("avoided_cost_components.", "avoided_cost_components_by_payer.")):
        return "evaluation_measures"
    if key.startswith("constant_prices."):
        return "price_basis"
    return None


def anchor(term: str, lang: str = "fr") -> str:
    """The id of a glossary entry on the page (``glossary-<lang>-<term>``: the report holds both
    languages, each entry once per language)."""
    return f"{ANCHOR_PREFIX}{lang}-{term}"


def entry(term: str, lang: str = "fr") -> tuple[str, str]:
    """``(term, definition)`` of a glossary entry in ``lang``."""
    index = lang_index(lang)
    words = TERMS[term]
    return words[index], words[2 + index]


def entries(lang: str = "fr") -> list[tuple[str, str, str]]:
    """Every entry as ``(term key, term, definition)``, sorted by the term's words in ``lang``."""
    return sorted(((key, *entry(key, lang)) for key in TERMS), key=lambda item: item[1].casefold())
