"""Typed configuration: the dataclasses Hydra checks every YAML value against.

The tree has four groups (``scenario``, ``territory``, ``policy``, ``behaviour``) and a few
run-level keys. Each number is a :class:`~sim.config.params.Param` (value, unit, year, source,
or assumption with range). Meaning (shares in [0, 1], names that exist, dates inside the
horizon) is checked afterwards by :mod:`sim.config.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING

from sim.config.params import (
    Amount,
    Count,
    DatedAmount,
    DatedParam,
    DatedShare,
    Factor,
    Months,
    MonthsOfCost,
    Param,
    Share,
)


# Enumerations: Hydra refuses any other value when the configuration is composed. The members'
# names are their values, so a member compares, hashes and serialises as its plain string.
class Design(StrEnum):
    """What a scenario runs: the status quo or one of the two designs (brief, section 1)."""

    status_quo = "status_quo"
    full_transposition = "full_transposition"
    existing_actors = "existing_actors"


class FundFinancing(StrEnum):
    """How payers finance the TZCLD fund (see :mod:`sim.engine.fund`)."""

    fixed_shares = "fixed_shares"
    savings = "savings"
    fixed_budget = "fixed_budget"


class RolloutOrder(StrEnum):
    """In which order a basin's micro-territories open (see :mod:`sim.engine.rollout`)."""

    neediest_first = "neediest_first"  # highest share of jobseekers per inhabitant first
    listed = "listed"  # the order of the territory's commune (or area) table


class AfterBudget(StrEnum):
    """What happens once a fixed budget has run its course (see :mod:`sim.engine.fund`)."""

    close = "close"
    sales_only = "sales_only"
    continue_existing = "continue_existing"


class SurplusRule(StrEnum):
    """What happens to an EBE's cash above its reserve (see :mod:`sim.engine.ebe`)."""

    kept = "kept"
    clawback = "clawback"


class ContributionBasis(StrEnum):
    """What the per-FTE contribution is a share of (see :func:`sim.rules.scheme.contribution_per_fte`)."""

    employer_cost = "employer_cost"
    gross = "gross"


class OperatorKind(StrEnum):
    """The instruments of the existing-actors design."""

    article60 = "article60"
    hiring_aid = "hiring_aid"
    training = "training"
    coaching = "coaching"
    social_economy = "social_economy"

    @property
    def is_job(self) -> bool:
        """Whether a place is a job contract (rather than a training or coaching spell)."""
        return self in (OperatorKind.article60, OperatorKind.hiring_aid, OperatorKind.social_economy)

    @property
    def is_market(self) -> bool:
        """Whether the worker is employed by a market firm at the ordinary wage (a hiring aid)."""
        return self is OperatorKind.hiring_aid


class Selection(StrEnum):
    """How an operator chooses among eligible volunteers."""

    registration_order = "registration_order"
    most_employable = "most_employable"


class Country(StrEnum):
    """The country whose facts (a territory) or law (a policy) a group option describes.

    A territory runs under its own country's rules: :mod:`sim.config.validate` refuses a
    territory and a policy of different countries (docs/refusals.md).
    """

    BE = "BE"
    FR = "FR"


class RequiredRegime(StrEnum):
    """Benefit regime an operator's candidates must have."""

    insurance = "insurance"
    ris = "ris"
    any = "any"


DESIGNS = tuple(Design)
FUND_FINANCING_MODES = tuple(FundFinancing)
AFTER_BUDGET_RULES = tuple(AfterBudget)
ROLLOUT_ORDERS = tuple(RolloutOrder)
CONTRIBUTION_BASES = tuple(ContributionBasis)
SURPLUS_RULES = tuple(SurplusRule)
OPERATOR_KINDS = tuple(OperatorKind)
SELECTION_RULES = tuple(Selection)
REGIMES = tuple(RequiredRegime)
HOUSEHOLD_TYPES = ("head", "single", "cohabitant")


# --------------------------------------------------------------------------- territory
@dataclass
class Commune:
    """A commune of the territory.

    Attributes:
        name: Commune name.
        population: Inhabitants (with its own unit/year/source).
        jobseeker_weight: Share of the territory's jobseekers living here.
        unemployment_rate: The commune's unemployment rate where a source gives it; used by the
            jobseeker allocation rule of :mod:`sim.config.territories` (``None``: unknown).
    """

    name: str = MISSING
    population: Count = MISSING
    jobseeker_weight: Share = MISSING
    unemployment_rate: Share | None = None


@dataclass
class MicroTerritoryRules:
    """How a micro-territory selected from the basin's communes is derived (see
    :mod:`sim.config.territories`).

    Attributes:
        max_inhabitants: Largest population of a micro-territory (Walloon rule: 15,000).
        ris_beneficiaries_per_inhabitant: Estimated RIS caseload per inhabitant, which sets each
            CPAS's size class and so its federal reimbursement rate (law of 26 May 2002 art. 32).
    """

    max_inhabitants: Count = MISSING
    ris_beneficiaries_per_inhabitant: Share = MISSING


@dataclass
class Band:
    """A band of a distribution (age in years or duration in months) with its share."""

    low: float = MISSING
    high: float = MISSING
    share: Share = MISSING


@dataclass
class QualificationMix:
    """Shares of jobseekers by qualification; they must sum to 1."""

    low: Share = MISSING
    medium: Share = MISSING
    high: Share = MISSING


@dataclass
class HouseholdMix:
    """Shares of jobseekers by household type for benefit rules; they must sum to 1."""

    head: Share = MISSING
    single: Share = MISSING
    cohabitant: Share = MISSING


@dataclass
class EntryRegimeMix:
    """Benefit regime of a person when they register; shares must sum to 1."""

    insurance: Share = MISSING
    ris: Share = MISSING
    none: Share = MISSING


@dataclass
class Sector:
    """A sector of local businesses (one LocalBusiness agent per sector).

    Attributes:
        name: Sector name.
        employment: Jobs in the territory's firms of this sector.
        revenue_per_job_year: Turnover per job, EUR/year.
        vacancy_rate_month: Vacancies posted per job each month.
        overlap_with_ebe: Share of the EBE's displaced sales that fall on this sector.
    """

    name: str = MISSING
    employment: Count = MISSING
    revenue_per_job_year: Amount = MISSING
    vacancy_rate_month: Share = MISSING
    overlap_with_ebe: Share = MISSING


@dataclass
class ProjectArea:
    """A micro-territory of a framework (``territory.areas``), one EBE each.

    Its jobseekers are given or derived from the base territory's jobseekers per inhabitant
    (:func:`sim.config.territories.build_areas`); its local firms are the base territory's,
    scaled by its share of the inhabitants.

    Attributes:
        name: The micro-territory.
        population: Its inhabitants.
        jobseekers: Its jobseekers; None: population x the base territory's jobseekers per
            inhabitant (x its unemployment rate / the base's reference rate, where given).
        unemployment_rate: Its unemployment rate, where a source gives one.
    """

    name: str = MISSING
    population: Count = MISSING
    jobseekers: Count | None = None
    unemployment_rate: Share | None = None


@dataclass
class TerritoryConfig:
    """Where the pilot runs: people, communes, firms and the local CPAS."""

    name: str = MISSING
    country: Country = MISSING
    description: str = ""
    communes: list[Commune] = field(default_factory=list)
    jobseekers: Count = MISSING
    share_over_2y: Share = MISSING
    long_duration_bands: list[Band] = field(default_factory=list)
    short_duration_bands: list[Band] = field(default_factory=list)
    qualification: QualificationMix = field(default_factory=QualificationMix)
    age_bands: list[Band] = field(default_factory=list)
    household: HouseholdMix = field(default_factory=HouseholdMix)
    entry_regime: EntryRegimeMix = field(default_factory=EntryRegimeMix)
    inflow_rate_month: Share = MISSING
    ebe_count: Count = MISSING
    ris_reimbursement_ordinary: Share = MISSING
    sectors: list[Sector] = field(default_factory=list)
    local_demand_per_inhabitant_year: Amount = MISSING
    # Micro-territories (territory=micro): communes chosen by name from this basin table, and the
    # rules deriving their quantities; empty / None for a territory given directly.
    reference_unemployment_rate: Share | None = None
    select: list[str] = field(default_factory=list)
    micro: MicroTerritoryRules | None = None
    # A framework of micro-territories (territory=walloon_framework, france_phase1): one commune
    # row and one EBE per area, derived by sim.config.territories.build_areas; empty otherwise.
    areas: list[ProjectArea] = field(default_factory=list)


# --------------------------------------------------------------------------- policy
@dataclass
class PayerSpec:
    """A public budget (one Payer agent each)."""

    name: str = MISSING
    label: str = MISSING


@dataclass
class Routing:
    """Which payer pays or receives each flow. Every name must be a listed payer."""

    unemployment_benefit: str = MISSING
    social_contributions: str = MISSING
    income_tax: str = MISSING
    ris: str = MISSING
    ris_reimbursement: str = MISSING
    fund: str = MISSING
    local_cofunding: str = MISSING
    public_buyers: str = MISSING  # the public bodies buying EBE output (communes, CPAS, social housing)
    # Optional flows; "" = the policy has no such flow.
    in_work_benefit: str = ""  # France: prime d'activité
    solidarity_allowance: str = ""  # France: ASS
    reduction_compensation: str = ""  # the payer that compensates social security for contribution reductions


@dataclass
class BenefitPeriod:
    """Monthly unemployment benefit by household type for months ``first``..``last`` of a spell."""

    first_month: Months = MISSING
    last_month: Months = MISSING
    head: DatedAmount = MISSING
    single: DatedAmount = MISSING
    cohabitant: DatedAmount = MISSING


@dataclass
class ExclusionWave:
    """The 2026 reform's exclusion of the existing stock, by duration band and date."""

    date: str = MISSING
    min_months: Months = MISSING
    max_months: Months = MISSING


@dataclass
class OlderWorkerException:
    """The time limit's exception for older jobseekers with a long career (Belgium, 2026 reform).

    Attributes:
        min_age: Age (years) to have reached on ``age_on``.
        age_on: Month (YYYY-MM) on which the age is measured.
        claimed_before: The person must have been on benefit before this month (YYYY-MM).
        career_share: Share of those old enough whose career meets the condition (the
            population has no career lengths: a keyed draw per person decides).
    """

    min_age: Count = MISSING
    age_on: str = MISSING
    claimed_before: str = MISSING
    career_share: Share = MISSING


@dataclass
class UnemploymentInsurance:
    """Federal unemployment insurance rules (amounts, time limit, rights regained by work)."""

    periods: list[BenefitPeriod] = field(default_factory=list)
    time_limit_from: str = MISSING
    max_months: Months = MISSING
    entitlement_long_share: Share = MISSING
    entitlement_short_months: Months = MISSING
    min_work_months_for_rights: Months = MISSING
    exclusion_waves: list[ExclusionWave] = field(default_factory=list)
    excluded_to_cpas_share: Share = MISSING
    # France: months of benefit per month worked (0.75 since decree 2023-33); None = one for one.
    rights_per_month_worked: Share | None = None
    # Belgium from 2026: the first `min_work_months_for_rights` give `entitlement_short_months`,
    # then one more month per `months_per_extra_month` worked, up to `max_months`.
    months_per_extra_month: Months | None = None
    # Belgium 2026: people already on benefit, old enough on a date and with a long career keep
    # unlimited rights (see OlderWorkerException); None = no exception.
    long_career: OlderWorkerException | None = None


@dataclass
class HouseholdAmounts:
    """An amount by household type."""

    head: Amount = MISSING
    single: Amount = MISSING
    cohabitant: Amount = MISSING


@dataclass
class SocialAssistance:
    """Revenu d'intégration (RIS) and its federal reimbursement."""

    head: DatedAmount = MISSING
    single: DatedAmount = MISSING
    cohabitant: DatedAmount = MISSING
    piis_bonus: Share = MISSING
    piis_share: Share = MISSING
    reform_reimbursement: DatedShare = MISSING
    reform_late_application_from: str = MISSING
    reform_late_application_bonus: Share = MISSING
    reform_file_fee: DatedAmount = MISSING
    # Belgium: the RIS of a person with income from work (AR 11 Jul 2002 art. 35 and 22). With
    # isp_exemption None the RIS is paid to the jobless only (France: the prime d'activite takes
    # the place of the RSA of people in work).
    isp_exemption: DatedAmount | None = None
    isp_exemption_months: Months | None = None
    general_exemption_year: HouseholdAmounts | None = None


@dataclass
class StructuralReduction:
    """Belgian structural reduction of employer contributions for one category (per quarter).

    R = flat + alpha x (s0 - S)+ + gamma x (s2 - S)+ + delta x (S - s1)+, for a full-time-equivalent
    quarterly wage S (the names of the legal formula: low, very low and high wages).
    """

    flat: DatedAmount = MISSING
    alpha: DatedShare = MISSING
    s0: DatedAmount = MISSING
    gamma: DatedShare = MISSING
    s2: DatedAmount = MISSING
    delta: DatedShare = MISSING
    s1: DatedAmount = MISSING


@dataclass
class EmployerCategory:
    """What one kind of Belgian employer pays on wages.

    Attributes:
        rate: Basic employer contributions (wage moderation included), share of gross.
        extra_rate: Other contributions on top, not reduced by the structural reduction.
        reduction: The structural reduction of the category; None for none.
    """

    rate: Share = MISSING
    extra_rate: Share = MISSING
    reduction: StructuralReduction | None = None


@dataclass
class PartTimeReduction:
    """How the structural reduction of a part-time worker is scaled (coefficient beta_s).

    Share of the full-time reduction R granted at working time mu: 1 from ``full_from``;
    mu x (base + slope x (mu - mid_from)) from ``mid_from``; mu x base from ``min_from``; 0 below.
    """

    full_from: Share = MISSING
    mid_from: Share = MISSING
    min_from: Share = MISSING
    base: Factor = MISSING
    slope: Factor = MISSING


@dataclass
class WorkBonusPart:
    """One part of the social work bonus (monthly, full-time reference wage S)."""

    max_amount: DatedAmount = MISSING
    threshold: DatedAmount = MISSING
    slope: DatedShare = MISSING
    fiscal_share: DatedShare = MISSING


@dataclass
class SpecialContributionBand:
    """A band of the special social security contribution: base + rate x (wage - from_wage)."""

    from_wage: Amount = MISSING
    base: Amount = MISSING
    rate: Share = MISSING


@dataclass
class TaxBracket:
    """A bracket of the income-tax scale: ``rate`` on income up to ``upper``."""

    upper: DatedAmount = MISSING
    rate: Share = MISSING


@dataclass
class ExceptionalPayBand:
    """Withholding on exceptional pay for a band of normal annual taxable pay (up to ``upper``)."""

    upper: Amount = MISSING
    holiday_rate: Share = MISSING
    other_rate: Share = MISSING


@dataclass
class Withholding:
    """Belgian withholding tax (precompte professionnel) on wages."""

    brackets: list[TaxBracket] = field(default_factory=list)
    tax_free_amount: DatedAmount = MISSING
    head_supplement: DatedAmount = MISSING
    expenses_share: Share = MISSING
    expenses_max: DatedAmount = MISSING
    # exceptional pay (13th month, holiday pay): rates by band; a head of household's exemption
    # and reduction (one dependent child)
    exceptional: list[ExceptionalPayBand] = field(default_factory=list)
    head_exempt_up_to: Amount = MISSING
    head_reduction: Share = MISSING
    head_reduction_up_to: Amount = MISSING


@dataclass
class BelgianPayroll:
    """What a Belgian white-collar worker and employer pay on a wage (see sim/rules/contributions.py,
    sim/rules/withholding.py)."""

    end_of_year_premium_months: Param = MISSING
    double_holiday_pay_months: Param = MISSING
    employee_rate: Share = MISSING
    holiday_pay_contribution_share: Share = MISSING
    work_bonus_a: WorkBonusPart = field(default_factory=WorkBonusPart)
    work_bonus_b: WorkBonusPart = field(default_factory=WorkBonusPart)
    special_contribution: list[SpecialContributionBand] = field(default_factory=list)
    tax: Withholding = field(default_factory=Withholding)
    part_time_reduction: PartTimeReduction = field(default_factory=PartTimeReduction)
    categories: dict[str, EmployerCategory] = field(default_factory=dict)


# Kinds of employer a wage is paid by; policy.wages.employer_category maps each to its category.
EMPLOYER_KINDS = ("ebe", "article60", "hiring_aid", "social_economy", "ordinary")


@dataclass
class WageRules:
    """Minimum wage, pay months, employer and employee contributions, withholding tax.

    Under Belgian rules ``belgium`` holds the payroll (contributions by employer category, work
    bonus, withholding) and ``employer_category`` says which category each kind of employer is in;
    the flat rates below are then unused. Under French rules ``belgium`` is None and the flat
    rates and the general reduction apply.
    """

    minimum_wage_month: DatedAmount = MISSING
    ordinary_job_wage_ratio: Factor = MISSING
    annual_pay_months: Param | None = None
    employer_rate_market: Share | None = None
    employer_rate_nonmarket: Share | None = None
    employee_contribution_rate: Share | None = None
    income_tax_rate: Share | None = None
    # France: the general reduction of employer contributions (CSS L241-13, D241-7):
    # C = T / 0.6 x (ceiling x SMIC / wage - 1), 0 <= C <= T.
    general_reduction_max: Share | None = None
    general_reduction_ceiling: Factor | None = None
    belgium: BelgianPayroll | None = None
    employer_category: dict[str, str] = field(default_factory=dict)


@dataclass
class InWorkBenefit:
    """An in-work benefit for low-wage workers (France: prime d'activité, CSS L842-3, D843-1).

    Single person without housing aid: base + earnings_share x net earnings + bonus - max(net
    earnings, base), where the individual bonus rises from 0 at ``bonus_threshold_hours`` x gross
    hourly minimum wage of net earnings to ``bonus_max_share`` x base at ``bonus_full_hours``;
    not paid below ``minimum_payment``; ``takeup`` scales the expected amount.
    """

    base_amount: DatedAmount = MISSING
    earnings_share: DatedShare = MISSING
    bonus_max_share: Share = MISSING
    bonus_threshold_hours: Count = MISSING
    bonus_full_hours: Count = MISSING
    hours_per_month: Count = MISSING
    minimum_payment: Amount = MISSING
    takeup: Share = MISSING


@dataclass
class SolidarityAllowance:
    """A flat allowance for some of those whose insurance ends (France: ASS, C. trav. L5423-1)."""

    daily_amount: DatedAmount = MISSING
    days_per_month: Param = MISSING
    share_of_exhausted: Share = MISSING


@dataclass
class SchemeFunding:
    """The scheme's funding as a country's law sets it (France: law 2020-1577, decree 2021-863).

    When a policy carries it, it replaces the scenario fund's settings of the same names (the
    scenario's are the Belgian transposition's design choices); see :mod:`sim.rules.scheme`.
    """

    fund_shares: dict[str, Share] = field(default_factory=dict)
    residual_payer: str = ""
    contribution_basis: ContributionBasis = ContributionBasis.gross
    contribution_share_of_wage: Share = MISSING
    local_cofunding_share: Share = MISSING
    startup_grant_per_job: Amount = MISSING
    surplus_rule: SurplusRule = SurplusRule.clawback
    surplus_reserve_months: MonthsOfCost = MISSING


class ServiceBase(StrEnum):
    """Who a public service is provided to, month by month."""

    jobseeker = "jobseeker"  # a registered jobseeker: jobless or in training
    ris_file = "ris_file"  # a person receiving the RIS, jobless or in work


SERVICE_BASES = tuple(ServiceBase)


@dataclass
class PublicService:
    """A public cost that follows the people a service is provided to (case work, BIM status).

    Attributes:
        name: Ledger category (one of sim.accounts.PUBLIC_SERVICE_CATEGORIES).
        payer: The payer (a listed payer).
        per: ``jobseeker`` or ``ris_file``.
        cost_per_year: Cost per person served for a year.
    """

    name: str = MISSING
    payer: str = MISSING
    per: ServiceBase = MISSING
    cost_per_year: Amount = MISSING


@dataclass
class PolicyConfig:
    """The rules in force: payers, who pays what, benefits, wages, dates."""

    name: str = MISSING
    country: Country = MISSING
    description: str = ""
    payers: list[PayerSpec] = field(default_factory=list)
    routing: Routing = field(default_factory=Routing)
    indexation_per_year: Share = MISSING
    pension_age: DatedParam = MISSING
    poverty_line_single_month: DatedAmount = MISSING
    unemployment_insurance: UnemploymentInsurance = field(default_factory=UnemploymentInsurance)
    social_assistance: SocialAssistance = field(default_factory=SocialAssistance)
    wages: WageRules = field(default_factory=WageRules)
    # France only (None keeps the Belgian rules): see InWorkBenefit, SolidarityAllowance, SchemeFunding.
    in_work_benefit: InWorkBenefit | None = None
    solidarity_allowance: SolidarityAllowance | None = None
    scheme_funding: SchemeFunding | None = None
    public_services: list[PublicService] = field(default_factory=list)


# --------------------------------------------------------------------------- behaviour
@dataclass
class AgeMultiplier:
    """Hazard multiplier for ages in [low, high)."""

    low: float = MISSING
    high: float = MISSING
    multiplier: Factor = MISSING


@dataclass
class BehaviourConfig:
    """Monthly hazards of the status quo (free parameters, fitted in calibration)."""

    name: str = MISSING
    job_finding_base: Share = MISSING
    duration_elasticity: Factor = MISSING
    qualification_multiplier_low: Factor = MISSING
    qualification_multiplier_medium: Factor = MISSING
    qualification_multiplier_high: Factor = MISSING
    age_multipliers: list[AgeMultiplier] = field(default_factory=list)
    employability_effect: Factor = MISSING
    matching_elasticity: Share = MISSING
    job_separation: Share = MISSING
    labour_force_exit: Share = MISSING
    labour_force_exit_over_55: Share = MISSING


# --------------------------------------------------------------------------- scenario
@dataclass
class WorkingTimeChoice:
    """A working time (share of full time) chosen by a share of volunteers."""

    fte: Share = MISSING
    share: Share = MISSING


@dataclass
class Volunteering:
    """Who volunteers, when, and for how many hours."""

    eligibility_min_months: Months = MISSING
    takeup: Share = MISSING
    monthly_hazard: Share = MISSING
    working_time: list[WorkingTimeChoice] = field(default_factory=list)


@dataclass
class FundConfig:
    """The TZCLD fund and how payers finance it."""

    financing: FundFinancing = FundFinancing.fixed_shares
    fixed_shares: dict[str, Share] = field(default_factory=dict)
    residual_payer: str = ""
    contribution_basis: ContributionBasis = ContributionBasis.employer_cost
    contribution_share_of_wage: Share = MISSING
    startup_grant_per_job: Amount = MISSING
    local_cofunding_share: Share = MISSING
    # financing `fixed_budget` only (see sim/engine/fund.py): a budget for each project (one per
    # micro-territory and EBE), usable for `budget_months` months from `budget_start` (YYYY-MM;
    # empty: the run's start); `after_budget` is what happens once the period is over. The
    # budget's payments reach the EBE `reimbursement_delay_months` after the expenditure they
    # reimburse (European funds pay on declared expenditure), and `advance_share` of the budget
    # is paid when the project's EBE is created.
    budget_eur: Amount | None = None
    budget_start: str = ""
    budget_months: Months | None = None
    after_budget: AfterBudget = AfterBudget.close
    reimbursement_delay_months: Months | None = None
    advance_share: Share | None = None
    # What happens to an EBE's cash above `surplus_reserve_months` of its costs each December:
    # `kept` by the EBE, or `clawback`: returned to the fund (see sim/engine/ebe.py).
    surplus_rule: SurplusRule = SurplusRule.clawback
    surplus_reserve_months: MonthsOfCost = MISSING


@dataclass
class EbeConfig:
    """Employment-based enterprises: hiring, costs, sales, cash.

    ``deficit_top_up`` is a design lever: when true, the fund restores an EBE's cash to its
    hiring threshold each month (what a fully working scheme costs); when false, low cash
    freezes hiring (how a pilot stalls). ``launch_delay_months`` runs from a territory's
    selection to its EBE's creation (approvals, legal set-up, the project team);
    ``initial_preparation_months`` from the creation to the launch of the activities the project
    was selected on. How activities are created after that is the pipeline's
    (:class:`PipelineConfig`).
    """

    launch_delay_months: Months = MISSING
    initial_preparation_months: Months = MISSING
    supervision_ratio: Share = MISSING
    supervisor_cost_factor: Factor = MISSING
    running_costs_share_of_wage_cost: Factor = MISSING
    startup_investment_per_job: Amount = MISSING
    initial_cash_per_ebe: Amount = MISSING
    hiring_freeze_cash_months: MonthsOfCost = MISSING
    deficit_top_up: bool = True
    sales_share_of_cost_at_maturity: Share = MISSING
    sales_maturity_months: Months = MISSING
    displacement_share: Share = MISSING
    public_share_of_sales: Share = MISSING
    exit_rate_year: Share = MISSING
    exit_to_ordinary_share: Share = MISSING


@dataclass
class SupportedWork:
    """What a post in a supported-work activity costs and sells, shared by the EBE and the
    existing actors' posts in the same activities (the same fields as :class:`EbeConfig`'s, from
    the same file, configs/scenario/common/supported_work.yaml)."""

    supervision_ratio: Share = MISSING
    supervisor_cost_factor: Factor = MISSING
    running_costs_share_of_wage_cost: Factor = MISSING
    sales_share_of_cost_at_maturity: Share = MISSING
    displacement_share: Share = MISSING
    public_share_of_sales: Share = MISSING


# Accounts other than payers that may pay what an operator's subsidy leaves uncovered.
SHORTFALL_ACCOUNTS = ("local_businesses", "local_customers")


@dataclass
class ShortfallRule:
    """Who pays what an operator's subsidy leaves of its workers' employer cost.

    Attributes:
        paid_by: A listed payer (a public employer: the CPAS under article 60), or
            ``local_businesses`` (the firm that hires with a hiring aid) or ``local_customers``
            (the buyers of a social-economy enterprise's output, through its sales).
        source: The legal text or practice that makes it so.
    """

    paid_by: str = MISSING
    source: str = MISSING


@dataclass
class OperatorConfig:
    """An instrument of the existing-actors design (one Operator agent each).

    Attributes:
        name: Account and agent name.
        kind: One of ``article60``, ``hiring_aid``, ``training``, ``coaching``,
            ``social_economy``.
        payer: The payer funding the instrument (a listed payer).
        places_per_year_per_1000_jobseekers: Funded entries a year, scaled to the territory.
        contract_months: Length of a contract, training spell or coaching spell; 0 = permanent.
        requires_regime: ``ris``, ``insurance`` or ``any``: benefit regime a candidate must have.
        min_months_jobless: Minimum unemployment duration of a candidate.
        selection: ``registration_order`` or ``most_employable``.
        subsidy_per_month: Public subsidy per full-time contract month (or per trainee or
            coached person month).
        fte: Working time of a contract.
        retention_share: Share kept by the employer after a subsidised contract ends.
        employability_boost: Added to the employability score after the spell.
        hazard_multiplier: Job-finding multiplier during a coaching spell.
        shortfall: Who pays the part of a job's cost that the subsidy and sales do not cover
            (job operators only; ``None`` for training and coaching).
        open_from: First month (YYYY-MM) the instrument takes entrants; empty: always.
        open_until: Month (YYYY-MM) from which it takes no more entrants; empty: never closes.
            Contracts under way run to their end.
        overheads: Whether a post carries the supervision and running costs of a supported-work
            post (``scenario.supported_work``, the EBE's parameters).
        sells_output: Whether the posts sell their output at the supported-work share of costs,
            within the territory's demand for such activities.
        deadweight_share: Share of aided hires the firm would have made anyway (hiring aids).
        substitution_share: Share of the other aided hires that displace another worker.
    """

    name: str = MISSING
    kind: OperatorKind = MISSING
    payer: str = MISSING
    places_per_year_per_1000_jobseekers: Count = MISSING
    contract_months: Months = MISSING
    requires_regime: RequiredRegime = RequiredRegime.any
    min_months_jobless: Months = MISSING
    selection: Selection = Selection.registration_order
    subsidy_per_month: Amount = MISSING
    fte: Share = MISSING
    retention_share: Share = MISSING
    employability_boost: Factor = MISSING
    hazard_multiplier: Factor = MISSING
    shortfall: ShortfallRule | None = None
    open_from: str = ""
    open_until: str = ""
    overheads: bool = False
    sells_output: bool = False
    deadweight_share: Share | None = None
    substitution_share: Share | None = None


@dataclass
class RolloutConfig:
    """How a territory's micro-territories (one EBE each) open over time (:mod:`sim.engine.rollout`).

    ``first_wave`` territories are selected at the start, then ``territories_per_year`` a year,
    evenly spaced, in ``order``; ``opening_months`` (months after the start, one per territory
    in that order), when given, replaces the pace.
    """

    order: RolloutOrder = RolloutOrder.neediest_first
    first_wave: Count = MISSING
    territories_per_year: Count = MISSING
    opening_months: list[int] = field(default_factory=list)


@dataclass
class StopRule:
    """A framework's stop rule: a territory with fewer than ``min_jobs`` people in work,
    counted ``data_lag_months`` before the evaluation held ``after_months`` after its selection,
    is stopped (its staff return to unemployment, its volunteers to the status quo, and what is
    left of its budget goes to the projects still running).
    """

    enabled: bool = False
    after_months: Months = MISSING
    min_jobs: Count = MISSING
    data_lag_months: Months = MISSING


@dataclass
class ScenarioConfig:
    """A design: status quo, full transposition, or existing actors."""

    name: str = MISSING
    design: Design = MISSING
    description: str = ""
    volunteering: Volunteering = field(default_factory=Volunteering)
    fund: FundConfig | None = None
    ebe: EbeConfig | None = None
    rollout: RolloutConfig | None = None
    stop_rule: StopRule | None = None
    operators: list[OperatorConfig] = field(default_factory=list)
    supported_work: SupportedWork | None = None
    local_spending_multiplier: Share = MISSING


# --------------------------------------------------------------------------- pipeline
# The pipeline's parameters a territory may draw for itself (``pipeline.vary_by_territory``):
# the EBE's and the pipeline's own names.
TERRITORY_VARYING = (
    "launch_delay_months",
    "initial_preparation_months",
    "activities_per_year_per_5000_inhabitants",
    "preparation_months",
    "supervisor_recruitment_months",
)


@dataclass
class PipelineConfig:
    """How an EBE creates the activities that offer its posts (:mod:`sim.engine.pipeline`).

    A need identified by the local employment committee (CLE) is reviewed (approved, refused as
    competing with local firms, or sent back for rework), prepared (premises, equipment) and
    launched; a launched activity offers ``posts_per_activity`` FTE, sells against its own local
    demand and may be abandoned. Supervisors are recruited with a delay as posts are planned.
    New needs are identified only while the posts planned fall short of the staff and the
    volunteers waiting. Parameters named in ``vary_by_territory`` are drawn for each territory
    as value x a uniform factor in [1 - territory_spread, 1 + territory_spread].
    """

    name: str = MISSING
    initial_activities: Count = MISSING
    activities_per_year_per_5000_inhabitants: Factor = MISSING
    committee_months: Months = MISSING
    committee_refusal_share: Share = MISSING
    committee_rework_share: Share = MISSING
    rework_months: Months = MISSING
    preparation_months: Months = MISSING
    posts_per_activity: Factor = MISSING
    activity_demand_spread: Share = MISSING
    abandonment_rate_year: Share = MISSING
    initial_supervisors: Count = MISSING
    supervisor_recruitment_months: Months = MISSING
    territory_spread: Share = MISSING
    vary_by_territory: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- run
@dataclass
class AgentsConfig:
    """How Mesa agents are materialised.

    Attributes:
        materialize_jobseekers: Create one Mesa ``Jobseeker`` agent per person (views over the
            person arrays). Off only for national-size runs, where millions of Python objects
            would dominate time and memory; the arrays remain the source of truth.
    """

    materialize_jobseekers: bool = True


@dataclass
class RunConfig:
    """The root of the configuration tree."""

    scenario: ScenarioConfig = MISSING
    territory: TerritoryConfig = MISSING
    policy: PolicyConfig = MISSING
    behaviour: BehaviourConfig = MISSING
    pipeline: PipelineConfig = MISSING
    seed: int = 0
    start: str = "2027-01"
    horizon_months: int = 120
    # Constant prices are euros of this year (None: the start year), deflated by the model's own
    # indexation (sim/rules/indexation.py::price_index).
    price_base_year: int | None = None
    agents: AgentsConfig = field(default_factory=AgentsConfig)
    output_dir: str | None = None


def register_configs() -> None:
    """Register the typed root so that each YAML file is checked against its dataclass, and
    make composing faster (:mod:`sim.config.fast_composition`): every composition comes after
    this call."""
    from sim.config import fast_composition

    fast_composition.install()
    store = ConfigStore.instance()
    # The root schema types every group's node, so each group file is checked when merged.
    store.store(name="run_schema", node=RunConfig)
