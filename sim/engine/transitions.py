"""Monthly person transitions shared by every design (the status-quo rules).

Each function moves everyone concerned at once: it selects the rows at risk, draws their keyed
uniforms and applies the rule. Draw purposes are fixed per rule, so a scenario and its twin give
a person the same luck for the same event in the same month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.calendar import parse_month
from sim.engine import flows
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import NO_MONTH, Regime, Status
from sim.rules import benefits, hazards

if TYPE_CHECKING:
    from sim.config.schema import PolicyConfig
    from sim.engine.population import Population
    from sim.engine.world import World


def admit(world: World, lo: int, hi: int) -> int:
    """People ``lo .. hi - 1`` register as jobseekers this month, with the rights they bring.

    Returns:
        RIS files opened by entrants whose rights the time limit has already ended.
    """
    if hi <= lo:
        return 0
    pop, s = world.population, world.state
    rows = slice(lo, hi)
    s.status[rows] = Status.JOBLESS
    s.duration[rows] = pop.initial_duration[rows]
    s.regime[rows] = pop.entry_regime[rows]
    s.entitlement[rows] = pop.entitlement_months[rows]
    insured = pop.entry_regime[rows] == Regime.INSURANCE
    # Rights already used by the initial stock's past months on benefit.
    s.rights_left[rows] = np.where(insured, pop.entitlement_months[rows] - pop.initial_duration[rows], 0)
    return apply_time_limit(world, np.arange(lo, hi))


def apply_time_limit(world: World, candidates: np.ndarray) -> int:
    """Insured jobseekers whose rights are used up lose them; a share obtains the RIS from the CPAS.

    The exclusion date is the later of the day rights ran out and the date the time limit
    reached the person's duration band (the 2026 waves), which sets the RIS reimbursement rate.

    Returns:
        RIS files opened (the State pays the CPAS a fee for each).
    """
    policy, s = world.policy, world.state
    month = world.month_index
    if not benefits.time_limit_in_force(policy, month) or candidates.size == 0:
        return 0
    insured = candidates[s.regime[candidates] == Regime.INSURANCE]
    if insured.size == 0:
        return 0
    exhausted = insured[s.rights_left[insured] <= 0]
    wave = benefits.wave_date_for_duration(policy, s.duration[exhausted].astype(np.int64), month)
    exhausted, wave = exhausted[wave <= month], wave[wave <= month]
    if exhausted.size == 0:
        return 0
    if policy.unemployment_insurance.long_career is not None:
        # older jobseekers with a long career keep unlimited rights (2026 reform, ONEM T33)
        kept = older_exception(world, exhausted)
        exhausted, wave = exhausted[~kept], wave[~kept]
        if exhausted.size == 0:
            return 0
    ran_out = month + s.rights_left[exhausted].astype(np.int64)
    u = uniforms(world.seed, world.t, Purpose.TO_CPAS, exhausted)
    to_cpas_share = policy.unemployment_insurance.excluded_to_cpas_share.value
    to_cpas = u < to_cpas_share
    s.regime[exhausted] = np.where(to_cpas, Regime.RIS, Regime.NONE)
    if policy.solidarity_allowance is not None:
        # France: the next band of the same draw obtains the ASS (the State's allowance)
        to_ass = ~to_cpas & (u < to_cpas_share + benefits.solidarity_share(policy))
        s.regime[exhausted[to_ass]] = Regime.SOLIDARITY
    s.excluded_by_reform[exhausted] = True
    s.ris_application[exhausted] = np.where(to_cpas, np.maximum(ran_out, wave), -1)
    return int(to_cpas.sum())


def older_exception(world: World, rows: np.ndarray) -> np.ndarray:
    """Whether each given insured person falls under the older-worker exception of the time limit.

    The career condition is one keyed draw per person (month 0, purpose ``CAREER``), so a person
    has the same career in every month, in the scenario and in the twin.
    """
    start = world.month_index - world.t
    return benefits.older_exception_applies(
        world.policy,
        start + world.population.birth_month[rows].astype(np.int64),
        world.month_index - world.state.duration[rows].astype(np.int64),
        uniforms(world.seed, 0, Purpose.CAREER, rows),
    )


def age_years(world: World, rows: np.ndarray) -> np.ndarray:
    """Age in years this month of the given rows."""
    return age_months(world, rows) / 12.0


def age_months(world: World, rows: np.ndarray) -> np.ndarray:
    """Age in whole months this month of the given rows (indexes the run's hazard tables)."""
    return world.t - world.population.birth_month[rows]


def max_age_months(population: Population, horizon_months: int) -> int:
    """The greatest age in months anyone can reach within the horizon."""
    return int(horizon_months - 1 - population.birth_month.min()) if population.size else 0


def retirement_months(population: Population, policy: PolicyConfig, start_index: int) -> np.ndarray:
    """Month (relative to the start) in which each person reaches the pension age in force.

    The pension age is a dated rule (66 from 2025, 67 from 2030): a person retires in the first
    month of a period whose pension age they have reached.
    """
    pop = population
    values = policy.pension_age.values
    starts = [parse_month(v.start) - start_index for v in values]
    starts[0] = np.iinfo(np.int32).min // 2  # the first value also applies before its date
    ends = [*starts[1:], np.iinfo(np.int32).max // 2]
    birth = pop.birth_month.astype(np.int64)
    entry = pop.entry_month.astype(np.int64)
    retire = np.full(pop.size, np.iinfo(np.int32).max // 2, dtype=np.int64)
    for value, start, end in zip(values, starts, ends, strict=True):
        candidate = np.maximum(np.maximum(entry, birth + int(round(12 * value.value))), start)
        retire = np.where(candidate < end, np.minimum(retire, candidate), retire)
    return retire


def retire_and_leave(world: World) -> np.ndarray:
    """People reaching the pension age leave, and jobless people leave the labour force at the
    age-specific hazard. Returns the rows that were in a scheme job before retiring."""
    s, n = world.state, world.n_present
    retiring = world.retirements.retiring_in(world.t, n)
    retiring = retiring[s.status[retiring] != Status.OUT]
    left_scheme = retiring[np.isin(s.status[retiring], (Status.EBE, Status.SCHEME_JOB))]
    s.status[retiring] = Status.OUT
    s.volunteer_month[retiring] = NO_MONTH
    _end_programmes(world, retiring)

    jobless = np.flatnonzero(s.status[:n] == Status.JOBLESS)
    leaving = jobless[
        uniforms(world.seed, world.t, Purpose.LABOUR_FORCE_EXIT, jobless)
        < world.hazard_tables.labour_force_exit[age_months(world, jobless)]
    ]
    s.status[leaving] = Status.OUT
    s.volunteer_month[leaving] = NO_MONTH
    _end_programmes(world, leaving)
    return left_scheme


def _end_programmes(world: World, rows: np.ndarray) -> None:
    """People leaving for good take their contract, training or coaching spell with them, so that
    the operator stops paying for them and its end does not bring them back as jobseekers."""
    s = world.state
    s.program[rows] = -1
    s.contract_end[rows] = NO_MONTH
    s.fte[rows] = 0.0


def return_to_unemployment(world: World, rows: np.ndarray) -> None:
    """People losing a job become jobless again, with insurance rights earned by the months worked."""
    s = world.state
    s.status[rows] = Status.JOBLESS
    s.duration[rows] = 0
    s.program[rows] = -1
    s.contract_end[rows] = NO_MONTH
    s.fte[rows] = 0.0
    regained = benefits.rights_from_work(world.policy, s.months_worked[rows])
    has_rights = regained > 0
    earned = rows[has_rights]
    s.regime[earned] = Regime.INSURANCE
    s.entitlement[earned] = regained[has_rights]
    s.rights_left[earned] = regained[has_rights]
    s.excluded_by_reform[earned] = False
    s.months_worked[rows] = 0


def start_ordinary_jobs(world: World, rows: np.ndarray, new_job: bool = True) -> None:
    """People take an ordinary job this month; the month it will end is drawn now.

    Losing an ordinary job is a constant monthly hazard p, so the job lasts a geometric number
    of months G >= 1 with P(G = k) = (1 - p)^(k - 1) p. Drawing G once, keyed by person, month
    and purpose, replaces a draw for every employed person every month: the re-employed pool
    grows to millions in national-size runs. ``new_job=False`` keeps the months already worked
    (a subsidised worker kept on by the same employer).
    """
    s = world.state
    s.status[rows] = Status.ORDINARY
    s.volunteer_month[rows] = NO_MONTH
    s.program[rows] = -1
    s.contract_end[rows] = NO_MONTH
    s.fte[rows] = 0.0
    if new_job:
        s.months_worked[rows] = 0
    p = world.behaviour.job_separation.value
    if rows.size == 0 or p <= 0.0:
        s.job_end[rows] = NO_MONTH
        return
    u = uniforms(world.seed, world.t, Purpose.JOB_SEPARATION, rows)
    months = 1 + np.floor(np.log1p(-u) / np.log1p(-p)) if p < 1.0 else np.ones(rows.size)
    end = world.t + months
    keep = end < world.cfg.horizon_months
    s.job_end[rows] = np.where(keep, end, NO_MONTH)
    world.job_ends.schedule(rows[keep], end[keep].astype(np.int64))


def lose_ordinary_jobs(world: World) -> None:
    """Re-employed people whose job ends this month become jobless again."""
    s = world.state
    rows = world.job_ends.pop(world.t)
    rows = rows[(s.status[rows] == Status.ORDINARY) & (s.job_end[rows] == world.t)]
    return_to_unemployment(world, rows)


def find_and_lose_ordinary_jobs(world: World, programme_multiplier: np.ndarray | None) -> None:
    """Jobless people find ordinary jobs at their hazard; re-employed people may lose them.

    Args:
        model: The world.
        programme_multiplier: Job-finding multiplier by operator index (coaching raises it), with
            a last entry of 1 for people in no programme; ``None`` when there are no operators.
    """
    s, n, beh = world.state, world.n_present, world.behaviour
    jobless = np.flatnonzero(s.status[:n] == Status.JOBLESS)

    multiplier = world.tightness
    if programme_multiplier is not None:
        multiplier = multiplier * programme_multiplier[s.program[jobless]]
    hazard = hazards.job_finding_tabulated(
        beh,
        world.hazard_tables,
        s.duration[jobless],
        world.population.qualification[jobless],
        age_months(world, jobless),
        world.population.employability[jobless] + s.employability_boost[jobless],
        multiplier,
    )
    finders = jobless[uniforms(world.seed, world.t, Purpose.JOB_FINDING, jobless) < hazard]
    lose_ordinary_jobs(world)
    start_ordinary_jobs(world, finders)


def advance_clocks(world: World) -> None:
    """End of month: spells get one month longer, insured people use a month of rights, and
    workers whose RIS is topped up use a month of the socio-professional exemption."""
    s, n = world.state, world.n_present
    status = s.status[:n]
    searching = (status == Status.JOBLESS) | (status == Status.TRAINING)
    s.duration[:n] += searching
    s.rights_left[:n] -= searching & (s.regime[:n] == Regime.INSURANCE)
    working = (status == Status.EBE) | (status == Status.SCHEME_JOB) | (status == Status.ORDINARY)
    s.months_worked[:n] += working
    # the RIS socio-professional exemption runs in the months it is used (3 years in all)
    limit = benefits.isp_exemption_months(world.policy)
    if limit > 0:
        rows = flows.in_work_ris_candidates(world)
        rows = rows[s.isp_months[rows] < limit]
        s.isp_months[rows[flows.in_work_ris_amounts(world, rows) > 0]] += 1
