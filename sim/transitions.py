"""Monthly person transitions shared by every design (the status-quo rules).

Each function moves everyone concerned at once: it selects the rows at risk, draws their keyed
uniforms and applies the rule. Draw purposes are fixed per rule, so a scenario and its twin give
a person the same luck for the same event in the same month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.random_streams import Purpose, uniforms
from sim.rules import benefits, hazards
from sim.state import NO_MONTH, Regime, Status

if TYPE_CHECKING:
    from sim.model import TZCLDModel


def admit(model: TZCLDModel, lo: int, hi: int) -> None:
    """People ``lo .. hi - 1`` register as jobseekers this month, with the rights they bring."""
    if hi <= lo:
        return
    pop, s = model.population, model.state
    rows = slice(lo, hi)
    s.status[rows] = Status.JOBLESS
    s.duration[rows] = pop.initial_duration[rows]
    s.regime[rows] = pop.entry_regime[rows]
    s.entitlement[rows] = pop.entitlement_months[rows]
    insured = pop.entry_regime[rows] == Regime.INSURANCE
    # Rights already used by the initial stock's past months on benefit.
    s.rights_left[rows] = np.where(insured, pop.entitlement_months[rows] - pop.initial_duration[rows], 0)
    apply_time_limit(model, np.arange(lo, hi))


def apply_time_limit(model: TZCLDModel, candidates: np.ndarray) -> None:
    """Insured jobseekers whose rights are used up lose them; a share obtains the RIS from the CPAS.

    The exclusion date is the later of the day rights ran out and the date the time limit
    reached the person's duration band (the 2026 waves), which sets the RIS reimbursement rate.
    """
    policy, s = model.policy, model.state
    month = model.month_index
    if not benefits.time_limit_in_force(policy, month) or candidates.size == 0:
        return
    insured = candidates[s.regime[candidates] == Regime.INSURANCE]
    if insured.size == 0:
        return
    exhausted = insured[s.rights_left[insured] <= 0]
    wave = benefits.wave_date_for_duration(policy, s.duration[exhausted].astype(np.int64))
    exhausted, wave = exhausted[wave <= month], wave[wave <= month]
    if exhausted.size == 0:
        return
    ran_out = month + s.rights_left[exhausted].astype(np.int64)
    to_cpas = (
        uniforms(model.seed, model.t, Purpose.TO_CPAS, exhausted)
        < policy.unemployment_insurance.excluded_to_cpas_share.value
    )
    s.regime[exhausted] = np.where(to_cpas, Regime.RIS, Regime.NONE)
    s.excluded_by_reform[exhausted] = True
    s.ris_application[exhausted] = np.where(to_cpas, np.maximum(ran_out, wave), -1)
    model.new_reform_ris_files += int(to_cpas.sum())


def age_years(model: TZCLDModel, rows: np.ndarray) -> np.ndarray:
    """Age in years this month of the given rows."""
    pop = model.population
    return (pop.age_at_entry_months[rows] + (model.t - pop.entry_month[rows])) / 12.0


def retire_and_leave(model: TZCLDModel) -> np.ndarray:
    """People reaching the pension age leave, and jobless people leave the labour force at the
    age-specific hazard. Returns the rows that were in a scheme job before retiring."""
    s, n = model.state, model.n_present
    present = np.flatnonzero(s.status[:n] != Status.OUT)
    pension_years = model.policy.pension_age.at(model.month_index)
    retiring = present[age_years(model, present) >= pension_years]
    left_scheme = retiring[np.isin(s.status[retiring], (Status.EBE, Status.SCHEME_JOB))]
    s.status[retiring] = Status.OUT
    s.volunteer_month[retiring] = NO_MONTH

    jobless = np.flatnonzero(s.status[:n] == Status.JOBLESS)
    leaving = jobless[
        uniforms(model.seed, model.t, Purpose.LABOUR_FORCE_EXIT, jobless)
        < hazards.labour_force_exit(model.behaviour, age_years(model, jobless))
    ]
    s.status[leaving] = Status.OUT
    s.volunteer_month[leaving] = NO_MONTH
    return left_scheme


def return_to_unemployment(model: TZCLDModel, rows: np.ndarray) -> None:
    """People losing a job become jobless again, with insurance rights earned by the months worked."""
    s = model.state
    s.status[rows] = Status.JOBLESS
    s.duration[rows] = 0
    s.program[rows] = -1
    s.contract_end[rows] = NO_MONTH
    s.fte[rows] = 0.0
    regained = benefits.rights_from_work(model.policy, s.months_worked[rows])
    has_rights = regained > 0
    earned = rows[has_rights]
    s.regime[earned] = Regime.INSURANCE
    s.entitlement[earned] = regained[has_rights]
    s.rights_left[earned] = regained[has_rights]
    s.excluded_by_reform[earned] = False
    s.months_worked[rows] = 0


def find_and_lose_ordinary_jobs(model: TZCLDModel, coached_multiplier: np.ndarray | None) -> None:
    """Jobless people find ordinary jobs at their hazard; re-employed people may lose them."""
    s, n, beh = model.state, model.n_present, model.behaviour
    employed = np.flatnonzero(s.status[:n] == Status.ORDINARY)
    jobless = np.flatnonzero(s.status[:n] == Status.JOBLESS)

    multiplier = model.tightness
    if coached_multiplier is not None:
        multiplier = multiplier * coached_multiplier[jobless]
    hazard = hazards.job_finding(
        beh,
        s.duration[jobless],
        model.population.qualification[jobless],
        age_years(model, jobless),
        model.population.employability[jobless] + s.employability_boost[jobless],
        multiplier,
    )
    finders = jobless[uniforms(model.seed, model.t, Purpose.JOB_FINDING, jobless) < hazard]
    s.status[finders] = Status.ORDINARY
    s.months_worked[finders] = 0
    s.volunteer_month[finders] = NO_MONTH
    s.program[finders] = -1
    s.contract_end[finders] = NO_MONTH

    losers = employed[uniforms(model.seed, model.t, Purpose.JOB_SEPARATION, employed) < beh.job_separation.value]
    return_to_unemployment(model, losers)


def advance_clocks(model: TZCLDModel) -> None:
    """End of month: spells get one month longer and insured people use a month of rights."""
    s, n = model.state, model.n_present
    status = s.status[:n]
    searching = (status == Status.JOBLESS) | (status == Status.TRAINING)
    s.duration[:n] += searching
    s.rights_left[:n] -= searching & (s.regime[:n] == Regime.INSURANCE)
    working = (status == Status.EBE) | (status == Status.SCHEME_JOB) | (status == Status.ORDINARY)
    s.months_worked[:n] += working
