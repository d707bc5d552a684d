"""Bad configurations are refused, with the dotted key and what is accepted."""

from __future__ import annotations

import pickle

import pytest

from sim.config.load import load_config
from sim.config.params import MonthsOfCost
from sim.config.validate import SEED_LIMIT, ConfigError, validate
from sim.engine.random_streams import stream_key

EXISTING = "scenario=existing_actors"

# (overrides, dotted key named in the message, text saying what is accepted)
BAD = [
    pytest.param(
        ["scenario.volunteering.takeup.value=1.5"],
        "scenario.volunteering.takeup.value = 1.5",
        "expected share in [0, 1]",
        id="share-above-1",
    ),
    pytest.param(
        ["scenario.fund.startup_grant_per_job.value=-1"],
        "scenario.fund.startup_grant_per_job.value",
        "expected amount >= 0",
        id="amount-negative",
    ),
    pytest.param(
        ["scenario.volunteering.monthly_hazard.value=nan"],
        "scenario.volunteering.monthly_hazard.value",
        "expected a finite number",
        id="value-nan",
    ),
    pytest.param(
        ["policy.social_assistance.reform_reimbursement.values.0.value=1.2"],
        "policy.social_assistance.reform_reimbursement.values.0.value",
        "expected dated share in [0, 1]",
        id="dated-share-above-1",
    ),
    pytest.param(
        ["territory.qualification.low.value=0.6"],
        "territory.qualification",
        "shares sum to 1.1, expected 1",
        id="qualification-sum",
    ),
    pytest.param(
        ["territory.age_bands.0.share.value=0.5"],
        "territory.age_bands[*].share",
        "expected 1",
        id="age-bands-sum",
    ),
    pytest.param(
        ["territory.communes.0.jobseeker_weight.value=0.4"],
        "territory.communes[*].jobseeker_weight",
        "shares sum to 0.9",
        id="commune-weights-sum",
    ),
    pytest.param(
        ["scenario.volunteering.working_time.2.share.value=0.4"],
        "scenario.volunteering.working_time[*].share",
        "expected 1",
        id="working-time-sum",
    ),
    pytest.param(
        ["scenario.fund.fixed_shares.onem.value=0.6"],
        "scenario.fund.fixed_shares",
        "shares sum to 1.1",
        id="fund-fixed-shares-sum",
    ),
    pytest.param(
        ["policy.routing.ris=nobody"],
        "policy.routing.ris = 'nobody'",
        "is not a listed payer; policy.payers lists: onem, federal_state",
        id="routing-unknown-payer",
    ),
    pytest.param(
        [EXISTING, "scenario.operators.0.payer=nobody"],
        "scenario.operators.0.payer = 'nobody'",
        "is not a listed payer",
        id="operator-unknown-payer",
    ),
    pytest.param(
        ["scenario.fund.residual_payer=nobody"],
        "scenario.fund.residual_payer",
        "is not a listed payer",
        id="residual-unknown-payer",
    ),
    pytest.param(
        ["policy.payers.1.name=onem"],
        "policy.payers.1.name = 'onem'",
        "payer names must be unique",
        id="payer-duplicate",
    ),
    pytest.param(
        ["policy.payers.5.name=''"],
        "policy.payers.5.name",
        "every payer needs a name",
        id="payer-empty-name",
    ),
    pytest.param(
        ["scenario.fund=null"],
        "scenario.fund is null",
        "the full_transposition design needs it",
        id="full-without-fund",
    ),
    pytest.param(
        [EXISTING, "scenario.operators=[]"],
        "scenario.operators is empty",
        "needs at least one operator",
        id="existing-without-operators",
    ),
    pytest.param(
        ["scenario=full_transposition", "scenario.design=status_quo"],
        "scenario.ebe",
        "expected null in the status_quo design",
        id="status-quo-with-ebe",
    ),
    pytest.param(
        ["start=2027-13"],
        "start: '2027-13'",
        "is not a month of the form YYYY-MM",
        id="start-bad-month",
    ),
    pytest.param(
        ["policy.unemployment_insurance.time_limit_from=2026/01"],
        "policy.unemployment_insurance.time_limit_from",
        "is not a month of the form YYYY-MM",
        id="time-limit-bad-date",
    ),
    pytest.param(
        [
            "horizon_months=12",
            "policy.unemployment_insurance.exclusion_waves.2.date=2028-01",
        ],
        "policy.unemployment_insurance.exclusion_waves.2.date = '2028-01'",
        "is after the horizon's last month 2027-12",
        id="wave-after-horizon",
    ),
    pytest.param(
        ["start=2024-01", "horizon_months=24"],
        "policy.social_assistance.reform_late_application_from = '2026-07'",
        "is after the horizon's last month 2025-12",
        id="reform-after-horizon",
    ),
    pytest.param(
        ["horizon_months=0"],
        "horizon_months = 0",
        "expected an integer from 1 to 600",
        id="horizon-zero",
    ),
    pytest.param(
        ["horizon_months=601"],
        "horizon_months = 601",
        "expected an integer from 1 to 600",
        id="horizon-too-long",
    ),
    pytest.param(["seed=-1"], "seed = -1", "expected an integer from 0 to 2**63 - 1", id="seed-negative"),
    pytest.param(["seed=9223372036854775808"], "seed = 9223372036854775808", "2**63 - 1", id="seed-2**63"),
    pytest.param(["seed=18446744073709551616"], "seed = 18446744073709551616", "modulo 2**64", id="seed-2**64"),
    pytest.param(
        ["scenario.ebe.launch_delay_months.value=6.5"],
        "scenario.ebe.launch_delay_months.value = 6.5",
        "whole number of months",
        id="launch-delay-fraction",
    ),
    pytest.param(
        ["scenario.volunteering.eligibility_min_months.value=23.9"],
        "scenario.volunteering.eligibility_min_months.value = 23.9",
        "whole number of months",
        id="eligibility-fraction",
    ),
    pytest.param(
        ["policy.unemployment_insurance.periods.0.last_month.value=2.5"],
        "policy.unemployment_insurance.periods.0.last_month.value = 2.5",
        "whole number of months",
        id="benefit-period-fraction",
    ),
    pytest.param(
        ["policy.unemployment_insurance.exclusion_waves.0.min_months.value=24.5"],
        "policy.unemployment_insurance.exclusion_waves.0.min_months.value = 24.5",
        "whole number of months",
        id="exclusion-wave-fraction",
    ),
    pytest.param(
        ["territory=pilot", "policy=france"],
        "policy.country = 'FR' but territory.country = 'BE'",
        "territory=france_reference policy=france",
        id="french-rules-on-a-belgian-territory",
    ),
    pytest.param(
        ["territory=france_reference", "policy=belgium_2027"],
        "policy.country = 'BE' but territory.country = 'FR'",
        "choose a policy and a territory of the same country",
        id="belgian-rules-on-a-french-territory",
    ),
    pytest.param(
        ["scenario.volunteering.takeup.range=null"],
        "scenario.volunteering.takeup.range = None",
        "required for an assumption",
        id="assumption-without-range",
    ),
    pytest.param(
        ["scenario.volunteering.takeup.range=[0.5,0.1]"],
        "scenario.volunteering.takeup.range",
        "expected [low, high] with low <= high",
        id="range-reversed",
    ),
    pytest.param(
        ["scenario.fund.contribution_share_of_wage.source=''"],
        "scenario.fund.contribution_share_of_wage.source is empty",
        "give a source, or set assumption: true with a range",
        id="source-missing",
    ),
    pytest.param(
        ["territory.jobseekers.unit=''"],
        "territory.jobseekers.unit is empty",
        "needs its unit",
        id="unit-missing",
    ),
    pytest.param(
        ["policy.pension_age.source=''"],
        "policy.pension_age.source is empty",
        "a dated rule needs its source",
        id="dated-source-missing",
    ),
    pytest.param(
        ["policy.pension_age.values=[]"],
        "policy.pension_age.values is empty",
        "expected at least one",
        id="dated-no-values",
    ),
    pytest.param(
        ["policy.wages.minimum_wage_month.values.2.start=2024-05"],
        "policy.wages.minimum_wage_month.values.2.start = '2024-05'",
        "starts must be strictly increasing",
        id="dated-starts-not-increasing",
    ),
    pytest.param(
        ["policy.pension_age.values.0.start=2025-2"],
        "policy.pension_age.values.0.start",
        "is not a month of the form YYYY-MM",
        id="dated-bad-start",
    ),
    pytest.param(
        ["scenario.volunteering.working_time.0.fte.value=0"],
        "scenario.volunteering.working_time.0.fte.value",
        "expected a share of full time in (0, 1]",
        id="working-time-fte-zero",
    ),
    pytest.param(
        ["territory.long_duration_bands.0.high=24"],
        "territory.long_duration_bands.0",
        "expected low < high",
        id="band-empty",
    ),
    pytest.param(
        ["territory.age_bands.2.high=120"],
        "territory.age_bands.2",
        "expected within [15, 100]",
        id="age-band-above-100",
    ),
    pytest.param(
        ["behaviour.age_multipliers.0.low=10"],
        "behaviour.age_multipliers.0",
        "expected within [15, 100]",
        id="age-multiplier-below-15",
    ),
    pytest.param(
        ["policy.unemployment_insurance.periods.1.first_month.value=5"],
        "policy.unemployment_insurance.periods.1",
        "expected periods not to overlap",
        id="periods-overlap",
    ),
    pytest.param(
        ["policy.unemployment_insurance.periods.0.last_month.value=0"],
        "policy.unemployment_insurance.periods.0",
        "expected first_month <= last_month",
        id="period-reversed",
    ),
    pytest.param(
        ["territory.jobseekers.value=0"],
        "territory.jobseekers.value = 0",
        "expected >= 1",
        id="no-jobseekers",
    ),
    pytest.param(
        ["territory.ebe_count.value=0"],
        "territory.ebe_count.value",
        "expected >= 1 in the full_transposition design",
        id="no-ebe",
    ),
    pytest.param(
        [EXISTING, "scenario.operators.0.contract_months.value=1.5"],
        "scenario.operators.0.contract_months.value = 1.5",
        "expected a whole number of months",
        id="contract-months-fraction",
    ),
]


@pytest.mark.parametrize(("overrides", "key", "accepted"), BAD)
def test_bad_value_is_refused(overrides: list[str], key: str, accepted: str) -> None:
    cfg = load_config(overrides)
    with pytest.raises(ConfigError) as caught:
        validate(cfg)
    message = str(caught.value)
    line = next((p for p in caught.value.problems if key in p), None)
    assert line is not None, f"{key!r} not named in:\n{message}"
    assert accepted in line, f"{accepted!r} not in the problem about {key!r}:\n{message}"
    assert line in message


# Values outside an enumeration: refused while composing, with the key and the accepted values.
REFUSED_ENUMERATIONS = [
    pytest.param(
        ["scenario.design=pilot_project"],
        "scenario.design = 'pilot_project'",
        "expected one of status_quo, full_transposition, existing_actors",
        id="design-unknown",
    ),
    pytest.param(
        ["scenario.fund.financing=loans"],
        "scenario.fund.financing = 'loans'",
        "expected one of fixed_shares, savings",
        id="financing-unknown",
    ),
    pytest.param(
        ["scenario.fund.contribution_basis=net"],
        "scenario.fund.contribution_basis = 'net'",
        "expected one of employer_cost, gross",
        id="contribution-basis-unknown",
    ),
    pytest.param(
        [EXISTING, "scenario.operators.1.selection=random"],
        "scenario.operators.1.selection = 'random'",
        "expected one of registration_order, most_employable",
        id="selection-unknown",
    ),
    pytest.param(
        [EXISTING, "scenario.operators.2.kind=apprenticeship"],
        "scenario.operators.2.kind",
        "expected one of article60, hiring_aid, training, coaching, social_economy",
        id="operator-kind-unknown",
    ),
    pytest.param(
        [EXISTING, "scenario.operators.0.requires_regime=pension"],
        "scenario.operators.0.requires_regime",
        "expected one of insurance, ris, any",
        id="regime-unknown",
    ),
]


@pytest.mark.parametrize(("overrides", "key", "accepted"), REFUSED_ENUMERATIONS)
def test_value_outside_an_enumeration_is_refused_while_composing(overrides: list[str], key: str, accepted: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(overrides)
    line = next((p for p in caught.value.problems if key.split(" = ")[0] in p), None)
    assert line is not None, f"{key!r} not named in:\n{caught.value}"
    assert accepted in line, f"{accepted!r} not in the problem about {key!r}:\n{caught.value}"


def _messages(error: BaseException | None) -> str:
    """Text of an exception and of its causes (Hydra wraps the OmegaConf error)."""
    texts = []
    while error is not None:
        texts.append(str(error))
        error = error.__cause__ or error.__context__
    return "\n".join(texts)


# (overrides, exception class, text naming the key or option): every one a ConfigError, with the
# Hydra or OmegaConf error it translates as its cause
REFUSED_BY_HYDRA = [
    pytest.param(
        ["scenario.volunteering.tekeup.value=0.3"],
        ConfigError,
        "scenario.volunteering.tekeup",
        id="unknown-key",
    ),
    pytest.param(
        ["horizon_months=abc"],
        ConfigError,
        "horizon_months",
        id="int-gets-text",
    ),
    pytest.param(
        ["scenario.volunteering.takeup.value=abc"],
        ConfigError,
        "scenario.volunteering.takeup.value",
        id="float-gets-text",
    ),
    pytest.param(
        ["scenario.volunteering.takeup=0.3"],
        ConfigError,
        "scenario.volunteering.takeup",
        id="param-gets-bare-number",
    ),
    pytest.param(
        ["scenario=nope"],
        ConfigError,
        "scenario/nope",
        id="unknown-scenario",
    ),
    pytest.param(
        ["scenario.volunteering.takeup.value=???"],
        ConfigError,
        "scenario.volunteering.takeup.value",
        id="mandatory-value-missing",
    ),
    pytest.param(["+foo=1"], ConfigError, "foo: not a key of the configuration", id="added-root-key"),
    pytest.param(["++foo=1"], ConfigError, "foo: not a key of the configuration", id="force-added-root-key"),
    pytest.param(
        ["+scenario.fund.bogus=1"],
        ConfigError,
        "scenario.fund.bogus: not a key of the configuration (FundConfig declares no 'bogus')",
        id="added-nested-key",
    ),
    pytest.param(
        ["+scenario.ebe.launch_delay_months.per_year=2"],
        ConfigError,
        "scenario.ebe.launch_delay_months.per_year: not a key",
        id="added-key-in-a-parameter",
    ),
    pytest.param(
        ["scenario=status_quo", "scenario.fund.financing=savings"],
        ConfigError,
        "scenario.fund.financing: scenario.fund is null in this configuration",
        id="key-under-a-null-node",
    ),
    pytest.param(
        ["scenario=status_quo", "scenario.ebe.launch_delay_months.value=3"],
        ConfigError,
        "scenario.ebe.launch_delay_months.value: scenario.ebe is null",
        id="key-deep-under-a-null-node",
    ),
]


@pytest.mark.parametrize(("overrides", "error", "named"), REFUSED_BY_HYDRA)
def test_refused_before_validation(overrides: list[str], error: type[Exception], named: str) -> None:
    with pytest.raises(error) as caught:
        load_config(overrides)
    assert named in _messages(caught.value)


def test_unknown_payer_in_fixed_shares() -> None:
    # OmegaConf cannot add a typed dict entry from the command line, so edit the object
    cfg = load_config([])
    shares = cfg.scenario.fund.fixed_shares
    shares["nobody"] = shares.pop("cpas_commune")
    with pytest.raises(ConfigError, match=r"scenario\.fund\.fixed_shares\.nobody = 'nobody' is not"):
        validate(cfg)


def test_several_problems_reported_at_once() -> None:
    cfg = load_config(
        [
            "scenario.volunteering.takeup.value=1.5",
            "policy.routing.ris=nobody",
            "seed=-3",
        ]
    )
    with pytest.raises(ConfigError) as caught:
        validate(cfg)
    message = str(caught.value)
    assert "scenario.volunteering.takeup.value" in message
    assert "policy.routing.ris" in message
    assert "seed = -3" in message
    assert len(caught.value.problems) == 3
    assert message.startswith("3 problems in the configuration")


def test_dates_before_start_and_on_last_month_are_accepted() -> None:
    # the shipped waves (2026) precede the 2027 start: rules already in force at initialisation
    cfg = load_config(
        [
            "horizon_months=12",
            "policy.unemployment_insurance.exclusion_waves.2.date=2027-12",
        ]
    )
    validate(cfg)


def test_fixed_shares_need_not_sum_under_savings() -> None:
    cfg = load_config(["scenario.fund.financing=savings", "scenario.fund.fixed_shares.onem.value=0.9"])
    validate(cfg)


def test_config_error_is_a_value_error() -> None:
    assert issubclass(ConfigError, ValueError)
    error = ConfigError(["a: b"])
    assert error.problems == ["a: b"]
    assert str(error) == "1 problem in the configuration:\n  - a: b"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problems, str(copy)) == (error.problems, str(error))


def test_forced_override_of_an_existing_key_is_not_an_added_key() -> None:
    assert load_config(["++seed=4"]).seed == 4


def test_the_largest_seed_accepted_runs_its_own_streams() -> None:
    validate(load_config([f"seed={SEED_LIMIT - 1}"]))
    # seeds congruent modulo 2**64 share every stream: that is why larger seeds are refused
    assert stream_key(3, 5, 7) == stream_key(3 + 2**64, 5, 7)
    keys = {stream_key(seed, 5, 7) for seed in (0, 1, 2**32, 2**62, SEED_LIMIT - 1)}
    assert len(keys) == 5


def test_months_of_cost_keep_their_fractions() -> None:
    # half a month of wage bill is a quantity, not a duration
    cfg = load_config(["scenario.ebe.hiring_freeze_cash_months.value=0.5"])
    assert type(cfg.scenario.ebe.hiring_freeze_cash_months) is MonthsOfCost
    validate(cfg)
