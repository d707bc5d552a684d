# Translation tables keep one entry a line, however long its sentences.
# ruff: noqa: E501
"""French and English words for everything a dashboard shows: indicators, columns, payers,
accounts, posting categories, designs, territories, and the page's own text.

French is the partners' language and the default. Every number shown with a label carries its
unit; :func:`label` returns ``"Words (unit)"`` and :func:`name` the words alone. A key without a
translation falls back to its own words (underscores as spaces) rather than failing, so that a
new column added by the engine still shows up, just untranslated.
"""

from __future__ import annotations

from functools import cache

from sim.report.numbers import MISSING, UNITS, lang_index

# key -> (French, English, unit key)
INDICATORS: dict[str, tuple[str, str, str]] = {
    # summary.json
    "volunteers_total": ("Volontaires sur la période", "Volunteers over the horizon", "people"),
    "hired_total": ("Personnes embauchées dans le dispositif", "People hired in scheme jobs", "people"),
    "trained_total": ("Entrées en formation", "Entries into training", "people"),
    "coached_total": ("Entrées en accompagnement", "Entries into coaching", "people"),
    "ebe_fte_end": ("Emplois EBE, dernier mois", "EBE jobs, last month", "fte"),
    "subsidised_fte_end": ("Contrats aidés, dernier mois", "Subsidised contracts, last month", "fte"),
    "scheme_fte_end": (
        "Emplois atteints (EBE et contrats aidés), dernier mois",
        "Jobs reached (EBE and subsidised), last month",
        "fte",
    ),
    "waitlist_peak": ("File d'attente au plus haut", "Waiting list at its peak", "people"),
    "waitlist_end": ("File d'attente, dernier mois", "Waiting list, last month", "people"),
    "months_to_exhaustivity": ("Délai jusqu'à l'exhaustivité", "Time to exhaustivity", "months"),
    "fte_years": ("Emplois du dispositif sur la période", "Scheme jobs over the horizon", "fte_years"),
    "public_spending_eur": (
        "Argent public versé au dispositif sur la période",
        "Public money paid to the scheme over the horizon",
        "eur",
    ),
    "public_spending_per_fte_year": (
        "Argent public au dispositif par ETP-année",
        "Public money to the scheme per FTE-year",
        "eur_fte_year",
    ),
    "ebe_cost_per_fte_year": ("Coût employeur par ETP-année", "Employer cost per FTE-year", "eur_fte_year"),
    "avoided_cost_per_fte_year": (
        "Coûts publics évités par ETP-année",
        "Avoided public cost per FTE-year",
        "eur_fte_year",
    ),
    "net_public_cost_eur": (
        "Coût public net sur la période, face au jumeau",
        "Net public cost over the horizon, against the twin",
        "eur",
    ),
    "net_public_cost_per_fte_year": ("Coût public net par ETP-année", "Net public cost per FTE-year", "eur_fte_year"),
    "activation_rate": ("Taux d'activation (évité / dépensé)", "Activation rate (avoided / spent)", "share"),
    "employment_effect_pp_24m": ("Effet sur l'emploi à 24 mois", "Employment effect at 24 months", "pp"),
    "displaced_fte_end": (
        "Emplois déplacés dans les entreprises, dernier mois",
        "Jobs displaced in firms, last month",
        "fte",
    ),
    "displaced_sales_eur": ("Ventes déplacées des entreprises", "Sales displaced from firms", "eur"),
    "exits_to_ordinary_jobs": ("Sorties vers un emploi ordinaire", "Exits to ordinary jobs", "people"),
    "participants_income_gain_eur_month": ("Gain de revenu des participants", "Participants' income gain", "eur_month"),
    "participants_poverty_rate": ("Participants sous le seuil de pauvreté", "Participants in poverty", "share"),
    "participants_poverty_rate_twin": (
        "Participants sous le seuil de pauvreté, jumeau",
        "Participants in poverty, twin",
        "share",
    ),
    "ebes_in_loss_end": ("EBE en perte, dernier mois", "EBEs in loss, last month", "ebes"),
    "ebe_deficit_top_ups_eur": ("Compléments de déficit des EBE", "EBE deficit top-ups", "eur"),
    "ledger_max_abs_imbalance_eur": ("Déséquilibre maximal du grand livre", "Largest ledger imbalance", "eur"),
    "wall_seconds": ("Durée de calcul", "Computing time", ""),
    # derived per run by sim.dashboard.data.derived_columns (from summary.json and timeseries.parquet)
    "net_public_cost_eur_year": ("Coût public net par an", "Net public cost a year", "eur_year"),
    "scheme_people_end": (
        "Personnes en emploi dans le dispositif, dernier mois",
        "People in scheme jobs, last month",
        "people",
    ),
    "long_term_jobless_fall_end": (
        "Baisse du chômage de longue durée face au jumeau, dernier mois",
        "Fall in long-term jobless against the twin, last month",
        "people",
    ),
    # the roll-out of territories (issue 11)
    "territories_stopped": ("Territoires arrêtés", "Territories stopped", "territories"),
    "territories_total": ("Micro-territoires", "Micro-territories", "territories"),
    "territories_selected": ("Micro-territoires sélectionnés", "Micro-territories selected", "territories"),
    "activities_launched_end": ("Activités en cours, dernier mois", "Activities running, last month", ""),
    "activities_refused_total": (
        "Activités refusées par le comité local",
        "Activities refused by the local committee",
        "",
    ),
    "budget_total_eur": ("Budget fixe, tous projets", "Fixed budget, all projects", "eur"),
    "budget_spent_share": ("Part du budget fixe dépensée", "Share of the fixed budget spent", "share"),
    # timeseries.parquet
    "jobless": ("Demandeurs d'emploi", "Jobless people", "people"),
    "jobless_over_2y": ("Chômeurs de longue durée (plus de 2 ans)", "Long-term jobless (over 2 years)", "people"),
    "eligible": ("Personnes éligibles", "Eligible people", "people"),
    "volunteers_waiting": ("Volontaires en file d'attente", "Volunteers on the waiting list", "people"),
    "longest_wait_months": ("Attente la plus longue", "Longest wait", "months"),
    "ebe_employees": ("Salariés des EBE", "EBE employees", "people"),
    "ebe_fte": ("Emplois EBE", "EBE jobs", "fte"),
    "hiring_constraint": ("Limite de l'embauche", "What held hiring back", ""),
    "territories_open": ("Micro-territoires avec une EBE ouverte", "Micro-territories with an open EBE", "territories"),
    "activities_launched": ("Activités en cours", "Activities running", ""),
    "ebe_posts_fte": ("Postes offerts par les activités", "Posts the activities offer", "fte"),
    "ebe_supervisors": ("Encadrants des EBE", "EBE supervisors", "people"),
    "subsidised_contracts": ("Contrats aidés", "Subsidised contracts", "people"),
    "subsidised_fte": ("Contrats aidés", "Subsidised contracts", "fte"),
    "scheme_fte": ("Emplois du dispositif (EBE et contrats aidés)", "Scheme jobs (EBE and subsidised)", "fte"),
    "in_training": ("En formation", "In training", "people"),
    "in_ordinary_job": ("En emploi ordinaire", "In an ordinary job", "people"),
    "out_of_labour_force": ("Hors population active", "Out of the labour force", "people"),
    "on_insurance": ("Indemnisés par le chômage", "On unemployment insurance", "people"),
    "on_ris": ("Au revenu d'intégration", "On the integration income (RIS)", "people"),
    "no_benefit": ("Sans allocation", "Without benefit", "people"),
    "hires": ("Embauches du mois", "Hires in the month", "people"),
    "ebe_cash_eur": ("Trésorerie des EBE", "EBE cash", "eur"),
    "ebe_sales_eur": ("Chiffre d'affaires des EBE", "EBE sales", "eur_month"),
    "displaced_sales_eur_month": ("Ventes déplacées", "Displaced sales", "eur_month"),
    "displaced_fte": ("Emplois déplacés", "Displaced jobs", "fte"),
    "local_spending_eur": ("Dépenses locales des ménages", "Households' local spending", "eur_month"),
    "ebes_in_loss": ("EBE en perte", "EBEs in loss", "ebes"),
    "exits_to_ordinary_jobs_cum": (
        "Sorties vers l'emploi ordinaire, cumul",
        "Exits to ordinary jobs, cumulated",
        "people",
    ),
    "public_net_spending_eur": ("Dépense publique nette", "Net public spending", "eur_month"),
    "net_public_spending_vs_twin": (
        "Dépense publique nette, scénario moins jumeau",
        "Net public spending, scenario minus twin",
        "eur_month",
    ),
    # evaluation-aligned measures (comité scientifique 2025: first 12 months after entry); shown
    # where a results folder has them (issue 10)
    "eval_gross_cost_per_fte_year": (
        "Argent public au dispositif par ETP-année, 12 premiers mois",
        "Public money to the scheme per FTE-year, first 12 months",
        "eur_fte_year",
    ),
    "eval_avoided_cost_per_fte_year": (
        "Coûts publics évités par ETP-année, 12 premiers mois",
        "Avoided public cost per FTE-year, first 12 months",
        "eur_fte_year",
    ),
    "eval_net_cost_per_fte_year": (
        "Coût public net par ETP-année, 12 premiers mois",
        "Net public cost per FTE-year, first 12 months",
        "eur_fte_year",
    ),
    "startup_grant_per_job_created_eur": (
        "Subvention de démarrage par emploi créé",
        "Start-up grant per job created",
        "eur",
    ),
    "counterfactual_employment_at_entry": (
        "Participants en emploi dans le jumeau à l'entrée",
        "Participants employed in the twin at entry",
        "share",
    ),
    "counterfactual_employment_24m": (
        "Participants en emploi dans le jumeau 24 mois après l'entrée",
        "Participants employed in the twin 24 months after entry",
        "share",
    ),
    "participants_benefit_change_eur_month": (
        "Variation des allocations des participants, 12 premiers mois",
        "Change in participants' benefits, first 12 months",
        "eur_month",
    ),
    "participants_earnings_change_eur_month": (
        "Variation des salaires nets des participants, 12 premiers mois",
        "Change in participants' net earnings, first 12 months",
        "eur_month",
    ),
    "ebe_surplus_taken_back_eur": (
        "Excédents des EBE repris par le fonds",
        "EBE surpluses taken back by the fund",
        "eur",
    ),
    "public_purchases_eur": ("Achats publics aux EBE", "Public purchases from EBEs", "eur"),
    "jobs_created_total": ("Emplois créés par les EBE", "Jobs created by the EBEs", "people"),
    "jobs_created": ("Emplois créés", "Jobs created", "people"),
    "price_index": ("Indice des prix du modèle", "The model's price index", "index"),
    "price_base_year": ("Année de base des prix constants", "Base year of constant prices", ""),
    "price_basis": ("Base des prix", "Price basis", ""),
    "accounting_convention": ("Convention comptable", "Accounting convention", ""),
    # runs.parquet / identity columns
    "run_id": ("Simulation", "Run", ""),
    "point": ("Point du plan", "Design point", ""),
    "replication": ("Réplication", "Replication", ""),
    "seed": ("Graine aléatoire", "Random seed", ""),
    "status": ("État", "Status", ""),
    "error": ("Erreur", "Error", ""),
    "scenario": ("Scénario", "Scenario", ""),
    "design": ("Modèle", "Design", ""),
    "territory": ("Territoire", "Territory", ""),
    "month": ("Mois", "Month", "months"),
    "date": ("Date", "Date", ""),
    "year": ("Année", "Year", ""),
    "world": ("Monde", "World", ""),
    "horizon_months": ("Horizon", "Horizon", "months"),
    "net_eur": ("Coût net face au jumeau", "Net cost against the twin", "eur_year"),
    "gross_eur": ("Argent public versé au dispositif", "Public money paid to the scheme", "eur_year"),
    # sensitivity
    "S1": ("Indice de premier ordre", "First-order index", "index"),
    "ST": ("Indice total", "Total index", "index"),
    "mu_star": ("Effet moyen absolu (mu*)", "Mean absolute effect (mu*)", ""),
    "sigma": ("Écart-type des effets", "Spread of effects", ""),
}

DESIGN_LABELS: dict[str, tuple[str, str]] = {
    "status_quo": ("Statu quo", "Status quo"),
    "full_transposition": ("Transposition complète", "Full transposition"),
    "existing_actors": ("Acteurs existants", "Existing actors"),
    "walloon_pilot": ("Pilote wallon", "Walloon pilot"),
}

TERRITORY_LABELS: dict[str, tuple[str, str]] = {
    "pilot": ("Micro-territoire pilote", "Pilot micro-territory"),
    "coeur_du_hainaut": ("Bassin Cœur du Hainaut", "Coeur du Hainaut basin"),
    "france_reference": ("Référence française", "French reference"),
}

# Options of the design rules the what-if offers (configs/uncertainties.yaml `choices`).
CHOICE_LABELS: dict[str, tuple[str, str]] = {
    "fixed_shares": ("Parts fixes des financeurs", "Fixed shares of the payers"),
    "savings": ("Économies mesurées de chaque financeur", "Each payer's measured savings"),
    "fixed_budget": ("Budget fixe pour une période", "A fixed budget for a period"),
    "employer_cost": ("Coût employeur du salaire minimum", "Employer cost of the minimum wage"),
    "gross": ("Salaire minimum brut", "Gross minimum wage"),
    "true": ("Oui", "Yes"),
    "false": ("Non", "No"),
}

# Why hiring slowed in a month (the `hiring_constraint` column of timeseries.parquet, issue 11).
HIRING_CONSTRAINT_LABELS: dict[str, tuple[str, str]] = {
    "volunteers": ("Manque de volontaires", "Not enough volunteers"),
    "posts": ("Pas de poste ouvert (activités)", "No open post (activities)"),
    "supervisors": ("Manque d'encadrants", "Not enough supervisors"),
    "cash": ("Trésorerie insuffisante", "Not enough cash"),
    "budget": ("Budget épuisé", "Budget used up"),
    "closed": ("Dispositif fermé", "Scheme closed"),
    "none": ("Aucune limite atteinte", "No limit reached"),
}

WORLD_LABELS: dict[str, tuple[str, str]] = {
    "scenario": ("Scénario", "Scenario"),
    "twin": ("Jumeau (statu quo)", "Twin (status quo)"),
}

# Ledger accounts: payers first, then the other accounts (EBEs are grouped under "ebe").
ACCOUNT_LABELS: dict[str, tuple[str, str]] = {
    "onem": (
        "Sécurité sociale fédérale et chômage (ONSS / ONEM)",
        "Federal social security and unemployment insurance (ONSS / ONEM)",
    ),
    "federal_state": (
        "État fédéral (impôt, SPP Intégration sociale)",
        "Federal State (income tax, SPP Social Integration)",
    ),
    "walloon_region": (
        "Région wallonne (Forem, aides, économie sociale, formation)",
        "Walloon Region (Forem, hiring aids, social economy, training)",
    ),
    "cpas_commune": ("CPAS et commune", "CPAS and commune"),
    "tzcld_fund": ("Fonds TZCLD", "TZCLD fund"),
    "european_funds": ("Fonds social européen (FSE+)", "European Social Fund (ESF+)"),
    # France reference
    "state": ("État", "State"),
    "departement": ("Département", "Département"),
    "unedic": ("Unédic (assurance chômage)", "Unédic (unemployment insurance)"),
    "securite_sociale": ("Sécurité sociale (URSSAF)", "Social security (URSSAF)"),
    "etcld_fund": ("Fonds d'expérimentation (ETCLD)", "Experimentation fund (ETCLD)"),
    "communes": ("Communes et intercommunalités", "Communes and intercommunal bodies"),
    "ebe": ("Entreprises à but d'emploi (EBE)", "Employment-based enterprises (EBE)"),
    "households": ("Ménages", "Households"),
    "local_businesses": ("Entreprises locales", "Local firms"),
    "local_customers": ("Clients locaux", "Local customers"),
    "rest_of_economy": (
        "Reste de l'économie (fournisseurs, encadrement)",
        "Rest of the economy (suppliers, supervision)",
    ),
    "cpas_article60": ("CPAS, article 60", "CPAS, article 60"),
    "impulsion_12m": ("Aide Impulsion 12 mois", "Impulsion 12-month hiring aid"),
    "tremplin_24m": ("Aide Tremplin 24 mois", "Tremplin 24-month hiring aid"),
    "cisp_training": ("Formation CISP", "CISP training"),
    "mire_coaching": ("Accompagnement MIRE", "MIRE coaching"),
    "social_economy": ("Économie sociale", "Social economy"),
    "impulsion_12m_2025": ("Aide Impulsion 12 mois (règles 2025)", "Impulsion 12-month hiring aid (2025 rules)"),
    "sesam_2025": ("Aide SESAM (règles 2025)", "SESAM hiring aid (2025 rules)"),
    "sesam_2026": ("Aide SESAM (règles 2026)", "SESAM hiring aid (2026 rules)"),
    "hiring_bonus": ("Prime unique à l'embauche (2026)", "Single hiring bonus (2026)"),
}

# Short names of the payers, where a long one would not fit (cards, the Sankey's nodes).
SHORT_ACCOUNT_LABELS: dict[str, tuple[str, str]] = {
    "onem": ("Sécurité sociale (ONSS / ONEM)", "Social security (ONSS / ONEM)"),
    "federal_state": ("État fédéral", "Federal State"),
    "walloon_region": ("Région wallonne", "Walloon Region"),
    "cpas_commune": ("CPAS et commune", "CPAS and commune"),
    "tzcld_fund": ("Fonds TZCLD", "TZCLD fund"),
    "european_funds": ("FSE+", "ESF+"),
    "ebe": ("EBE", "EBEs"),
    "rest_of_economy": ("Fournisseurs et encadrement", "Suppliers and supervision"),
}

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "unemployment_benefit": ("Allocations de chômage", "Unemployment benefits"),
    "ris": ("Revenu d'intégration", "Integration income (RIS)"),
    "ris_reimbursement": ("Remboursement du RIS", "RIS reimbursement"),
    "ris_file_fee": ("Frais de dossier RIS", "RIS file fee"),
    "wage_net": ("Salaires nets", "Net wages"),
    "employer_contribution": ("Cotisations patronales", "Employer contributions"),
    "employee_contribution": ("Cotisations salariales", "Employee contributions"),
    "income_tax": ("Impôt sur le revenu", "Income tax"),
    "per_fte_contribution": ("Contribution par ETP", "Per-FTE contribution"),
    "startup_grant": ("Subvention de démarrage", "Start-up grant"),
    "deficit_top_up": ("Complément de déficit", "Deficit top-up"),
    "local_cofunding": ("Cofinancement local", "Local co-funding"),
    "fund_financing": ("Financement du fonds", "Fund financing"),
    "subsidy": ("Subventions", "Subsidies"),
    "hiring_aid": ("Aides à l'embauche", "Hiring aids"),
    # components of the evaluation-aligned avoided cost (summary.json `avoided_cost_components`)
    "employee_contributions": ("Cotisations salariales", "Employee contributions"),
    "employer_contributions": ("Cotisations patronales", "Employer contributions"),
    "lock_in": (
        "Effet de verrouillage (emplois ordinaires du jumeau)",
        "Lock-in (ordinary jobs in the twin)",
    ),
    "training_cost": ("Coût de formation", "Training cost"),
    "coaching_cost": ("Coût d'accompagnement", "Coaching cost"),
    "sales": ("Ventes", "Sales"),
    "employer_share": ("Part employeur", "Employer share"),
    "displaced_sales": ("Ventes déplacées", "Displaced sales"),
    "local_spending": ("Dépenses locales", "Local spending"),
    "supervision": ("Encadrement", "Supervision"),
    "running_costs": ("Frais de fonctionnement", "Running costs"),
    "startup_investment": ("Investissement de démarrage", "Start-up investment"),
    "in_work_benefit": ("Prime d'activité", "In-work benefit (prime d'activité)"),
    "solidarity_allowance": ("Allocation de solidarité spécifique (ASS)", "Solidarity allowance (ASS)"),
    "hiring_aid_deadweight": ("Aides à l'embauche : effet d'aubaine", "Hiring aids: deadweight"),
    "hiring_aid_substitution": ("Aides à l'embauche : effet de substitution", "Hiring aids: substitution"),
    "forem_counselling": ("Conseillers du Forem", "Forem counsellors"),
    "cpas_social_work": ("Travailleurs sociaux du CPAS", "CPAS social workers"),
    "bim_health_insurance": ("Statut BIM : soins de santé", "BIM status: health care"),
    "social_energy_tariff": ("Tarif social de l'énergie", "Social energy tariff"),
    "public_purchases": ("Achats publics", "Public purchases"),
    "surplus_clawback": ("Excédent repris par le fonds", "Surplus taken back by the fund"),
    "budget_advance": ("Avance du budget au projet", "Budget advance to the project"),
    "reduction_compensation": (
        "Compensation des allègements de cotisations",
        "Compensation of contribution reductions",
    ),
}

# The page's own words.
TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "Territoires zéro chômeur de longue durée en Cœur du Hainaut",
        "Zero long-term unemployment territories in Coeur du Hainaut",
    ),
    "lang_button": ("English", "Français"),
    "headline": ("Chiffres clés par modèle", "Headline figures by design"),
    "headline_note": (
        "Médiane sur les réplications, intervalle de 5 % à 95 % entre crochets. « jamais k/n » : dans k des n réplications, l'exhaustivité n'est pas atteinte.",
        'Median over replications, 5-95 % interval in brackets. "never k/n": in k of the n replications exhaustivity is not reached.',
    ),
    "over_time": ("Au fil du temps", "Over time"),
    "over_time_note": (
        "Ligne : médiane sur les réplications ; bande foncée : 50 % central ; bande claire : 90 % central. Pointillés : le jumeau, même population et même hasard sous les règles actuelles.",
        "Line: median over replications; dark band: middle 50 %; light band: middle 90 %. Dotted: the twin, same population and same luck under today's rules.",
    ),
    "who_pays": ("Qui paie, qui économise", "Who pays and who saves"),
    "territories_by_status": ("Micro-territoires selon leur état", "Micro-territories by status"),
    "territories_axis": ("micro-territoires", "micro-territories"),
    "status_not_selected": ("pas encore sélectionné", "not yet selected"),
    "status_preparing": ("sélectionné, EBE en création", "selected, EBE being created"),
    "status_open": ("EBE ouverte", "EBE open"),
    "status_stopped": ("arrêté", "stopped"),
    "status_closed": ("fermé (fin du financement)", "closed (funding ended)"),
    "who_pays_note": (
        "Coût net face au jumeau par financeur et par année (moyenne sur les réplications ; au-dessus de zéro le financeur dépense plus qu'au statu quo). Le diagramme de flux montre l'argent d'une année entre financeurs, fonds, EBE, opérateurs, entreprises et ménages (moyenne sur les réplications, monde du scénario) ; choisissez l'année dans le menu.",
        "Net cost against the twin by payer and year (mean over replications; above zero the payer spends more than in the status quo). The flow diagram shows the money of one year between payers, fund, EBEs, operators, firms and households (mean over replications, scenario world); pick the year in the menu.",
    ),
    "payroll_note": (
        "Non dessinés : les salaires, cotisations et impôts des emplois ordinaires des entreprises ({amount}), qui existent aussi au statu quo.",
        "Not drawn: the wages, contributions and taxes of firms' ordinary jobs ({amount}), which exist in the status quo too.",
    ),
    "designs_compared": ("Les modèles côte à côte", "The designs side by side"),
    "designs_compared_note": (
        "Différence entre deux modèles à même graine (même population, même hasard) : médiane et intervalle de 5 % à 95 % sur les réplications.",
        "Difference between two designs with the same seed (same population, same luck): median and 5-95 % interval over replications.",
    ),
    "side_effects": ("Effets de bord", "Side effects"),
    "side_effects_note": (
        "Emplois et ventes déplacés dans les entreprises locales, sorties vers l'emploi ordinaire, gain de revenu et pauvreté des participants face au jumeau. Médiane et intervalle de 5 % à 95 %.",
        "Jobs and sales displaced from local firms, exits to ordinary jobs, participants' income gain and poverty against the twin. Median and 5-95 % interval.",
    ),
    "sweep": ("Selon les paramètres explorés", "Across the explored parameters"),
    "sensitivity": ("Sensibilité (indices de Sobol)", "Sensitivity (Sobol indices)"),
    "sensitivity_note": (
        "Part de la variance de l'indicateur due à chaque paramètre seul (premier ordre) ou avec ses interactions (total), avec intervalle de confiance à 95 %.",
        "Share of the indicator's variance due to each parameter alone (first order) or with its interactions (total), with 95 % confidence interval.",
    ),
    "break_even": ("Seuil de rentabilité", "Break-even"),
    "break_even_note": (
        "Régions de l'espace des paramètres où l'indicateur atteint le seuil (boîtes trouvées par PRIM). Couverture : part des cas favorables dans la boîte ; densité : part de cas favorables parmi les cas de la boîte.",
        "Regions of the parameter space where the indicator meets the threshold (boxes found by PRIM). Coverage: share of the meeting cases inside the box; density: share of meeting cases among the cases in the box.",
    ),
    "runs": ("Simulations", "Runs"),
    "failed_runs": ("Simulations en échec, laissées de côté", "Failed runs, left out"),
    "reproduce": ("Reproduire", "Reproduce"),
    "command": ("Commande", "Command"),
    "config_hash": ("Empreinte de la configuration", "Configuration hash"),
    "git_commit": ("Version du code", "Code version"),
    "generated": ("Produit le", "Generated"),
    "n_ok": ("simulations réussies", "successful runs"),
    "n_failed": ("en échec", "failed"),
    "never": ("jamais", "never"),
    "na": MISSING,
    "year_menu": ("Année", "Year"),
    "median": ("médiane", "median"),
    "band50": ("50 % central", "middle 50 %"),
    "band90": ("90 % central", "middle 90 %"),
    "twin": ("jumeau", "twin"),
    "minus": ("moins", "minus"),
    "difference": ("Différence", "Difference"),
    "scenario_vs_twin": ("scénario moins jumeau", "scenario minus twin"),
    "net_total": ("Total net, tous financeurs", "Net total, all payers"),
    "other_payers": ("Autres", "Others"),
    "interval": ("intervalle 5-95 %", "5-95 % interval"),
    "box": ("Boîte", "Box"),
    "coverage": ("Couverture", "Coverage"),
    "density": ("Densité", "Density"),
    "mass": ("Masse", "Mass"),
    "description": ("Description", "Description"),
    "share_meeting": ("Part des simulations qui atteignent le seuil", "Share of runs meeting the threshold"),
    "explored_range": ("Position dans la plage explorée", "Position within the explored range"),
    "no_box": ("Aucune boîte trouvée.", "No box found."),
    "sobol_index": ("Indice de Sobol", "Sobol index"),
    "first_order": ("premier ordre (S1)", "first order (S1)"),
    "total_order": ("total (ST)", "total (ST)"),
    "over_uncertainty": ("sur les incertitudes échantillonnées", "over the sampled uncertainties"),
    "kind_run": ("une simulation", "one run"),
    "kind_multirun": ("un ensemble de simulations", "a set of runs"),
    "kind_experiment": ("une expérience", "an experiment"),
    "shown": ("Résultats de", "Results of"),
    "money_flows": ("Flux d'argent du dispositif", "The scheme's money flows"),
    "flows_left_out": (
        "Non dessinés : les flux qui existent aussi au statu quo (allocations, RIS, emplois ordinaires…), {amount}.",
        "Not drawn: the flows that exist in the status quo too (benefits, RIS, ordinary jobs…), {amount}.",
    ),
    "sign_net": (
        "+ : le financeur dépense plus qu'au statu quo ; − : il économise",
        "+: the payer spends more than in the status quo; −: it saves",
    ),
    "sign_vs_twin": (
        "+ : dépense publique en plus du statu quo, − : économie",
        "+: public spending on top of the status quo, −: saving",
    ),
    "sign_avoided": (
        "+ : ce que les finances publiques ne paient plus ou perçoivent en plus face au jumeau, − : ce qu'elles perdent",
        "+: what the public purse no longer pays or collects on top of the twin, −: what it loses",
    ),
    "sign_pair": (
        "Chaque point : le premier modèle nommé moins le second, à même graine. Au-dessus de zéro, le premier a davantage.",
        "Each point: the design named first minus the second, same seed. Above zero, the first has more.",
    ),
    "never_reached": ("jamais atteinte dans {k} des {n} réplications", "never reached in {k} of {n} replications"),
    "answer": ("La réponse en un tableau", "The answer in one table"),
    "answer_note": (
        "Les modèles côte à côte, chaque territoire à part. Cliquez un indicateur pour sa définition.",
        "The designs side by side, each territory apart. Click an indicator for its definition.",
    ),
    "download_csv": ("Télécharger le tableau (CSV)", "Download the table (CSV)"),
    "download_xlsx": ("Télécharger le tableau (Excel)", "Download the table (Excel)"),
    "glossary": ("Glossaire", "Glossary"),
    "glossary_link": ("définition", "definition"),
    "period_basis": ("Période : {period}. Montants en {prices}.", "Period: {period}. Amounts in {prices}."),
    "payers_card": (
        "Qui paie plus (+), qui économise (−), sur la période",
        "Who pays more (+), who saves (−), over the horizon",
    ),
    "not_available": (
        "Non disponible pour ces simulations (produites avant que le modèle ne calcule : {what}).",
        "Not available for these runs (made before the model computed: {what}).",
    ),
    "hiring_why": ("Pourquoi l'embauche ralentit", "Why hiring slowed"),
    "hiring_why_note": (
        "Nombre de mois de l'année où chaque limite a retenu l'embauche (médiane sur les réplications).",
        "Months of the year in which each limit held hiring back (median over replications).",
    ),
    "months_in_year": ("Mois de l'année", "Months of the year"),
    "evaluation": ("Mesures des évaluations", "Evaluation measures"),
    "evaluation_note": (
        "Coûts mesurés comme les évaluations publiques : par participant sur les 12 mois qui suivent l'entrée, par ETP, subventions de démarrage à part.",
        "Costs measured the way public evaluations do: per participant over the 12 months after entry, per FTE, start-up grants apart.",
    ),
    "avoided_components": ("Coûts évités par composante", "Avoided cost by component"),
    "lazy": ("Le graphique s'affiche en arrivant à sa hauteur.", "The chart is drawn as it scrolls into view."),
}


def _fallback(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def text(key: str, lang: str = "fr") -> str:
    """A sentence or word of the page itself (section titles, notes)."""
    return TEXT[key][lang_index(lang)]


# summary.json gives every money figure again in euros of `price_base_year` under this prefix.
CONSTANT_PRICES = "constant_prices."
CONSTANT_WORDS = ("en euros constants de l'année de base", "in constant euros of the base year")


def unit(key: str, lang: str = "fr") -> str:
    """The unit symbol of an indicator or column (empty when it is a plain count or a label)."""
    index = lang_index(lang)
    key = key.removeprefix(CONSTANT_PRICES)
    if key in INDICATORS:
        return UNITS[INDICATORS[key][2]][index]
    factor = _factor(key)
    return factor[2 + index] if factor else ""


def unit_kind(key: str) -> str:
    """The unit key of an indicator (``eur``, ``share``, ``fte``...), ``""`` when unknown."""
    key = key.removeprefix(CONSTANT_PRICES)
    return INDICATORS[key][2] if key in INDICATORS else ""


def name(key: str, lang: str = "fr") -> str:
    """Plain words for an indicator, column, design, territory, account, category or factor."""
    index = lang_index(lang)
    if key in INDICATORS:
        return INDICATORS[key][index]
    for table in (
        DESIGN_LABELS,
        TERRITORY_LABELS,
        ACCOUNT_LABELS,
        CATEGORY_LABELS,
        WORLD_LABELS,
        CHOICE_LABELS,
        HIRING_CONSTRAINT_LABELS,
    ):
        if key in table:
            return table[key][index]
    if key.startswith(CONSTANT_PRICES):
        return f"{name(key.removeprefix(CONSTANT_PRICES), lang)}, {CONSTANT_WORDS[index]}"
    if key.startswith("net_cost_by_payer_eur."):
        payer = key.split(".", 1)[1]
        return f"{INDICATORS['net_public_cost_eur'][index]}: {name(payer, lang)}"
    if key.startswith("net_spending_") and key.endswith("_eur"):
        payer = key[len("net_spending_") : -len("_eur")]
        words = ("Dépense nette", "Net spending")[index]
        return f"{words}: {name(payer, lang)}"
    factor = _factor(key)
    if factor:
        return factor[index]
    if "." in key:  # a Hydra override key: its last meaningful segment
        parts = [part for part in key.split(".") if part not in ("value", "scenario", "territory", "behaviour")]
        return _fallback(parts[-1] if parts else key)
    return _fallback(key)


def short(key: str, lang: str = "fr") -> str:
    """A short name of an account where one exists (cards, diagrams), else :func:`name`."""
    if key in SHORT_ACCOUNT_LABELS:
        return SHORT_ACCOUNT_LABELS[key][lang_index(lang)]
    return name(key, lang)


def label(key: str, lang: str = "fr") -> str:
    """``name`` with its unit in brackets, e.g. ``"Coût public net par ETP-année (€ par ETP-année)"``."""
    words = name(key, lang)
    symbol = unit(key, lang)
    if not symbol and key.startswith(("net_cost_by_payer_eur.", "net_spending_")):
        symbol = "€"
    return f"{words} ({symbol})" if symbol else words


def design(key: str, lang: str = "fr") -> str:
    """Plain words for a design (scenario name)."""
    return name(key, lang)


@cache
def _uncertainties() -> dict[str, tuple[str, str, str, str]]:
    """Labels of the uncertain parameters (configs/uncertainties.yaml), by name and by path."""
    try:
        from sim.config.uncertainties import load_uncertainties

        found = load_uncertainties()
    except Exception:  # noqa: BLE001 - the file or loader may be absent; labels then fall back
        return {}
    table: dict[str, tuple[str, str, str, str]] = {}
    for item in found:
        # Sampled shares are fractions (0.25), not percents: say so rather than print "%".
        units = ("part, de 0 à 1", "share, 0 to 1") if item.unit == "share" else (str(item.unit or ""),) * 2
        words = (item.label_fr, item.label_en, *units)
        table[item.name] = words
        table[item.path] = words
    return table


def _factor(key: str) -> tuple[str, str, str, str] | None:
    return _uncertainties().get(key)
