"""The basin's commune table and the micro-territories selected from it by commune name.

``configs/territory/coeur_du_hainaut.yaml`` is the one source of truth for communes: each has its
population (with its own source) and its share of the basin's jobseekers. A micro-territory
(``territory=micro 'territory.select=[Dour,Honnelles]'``) takes the communes it names from that
table and derives everything else by the rules below, so no number is typed twice:

- jobseekers: the basin's stock times the selected communes' jobseeker weights;
- commune weights: the selected weights, renormalised to sum to 1;
- local firms: each sector's employment (and its range) scaled by the selection's share of the
  basin's inhabitants;
- EBEs: one per micro-territory (French and Walloon practice);
- federal reimbursement of ordinary RIS files: each commune's CPAS is put in its size class by its
  estimated caseload (inhabitants x RIS beneficiaries per inhabitant), the class gives the legal
  rate (law of 26 May 2002 art. 32: 55 % below 500 beneficiaries, 65 % from 500, 70 % from
  1,000), and the territory's rate is the jobseeker-weighted mean over its communes;
- the Walloon limit of 15,000 inhabitants is enforced.

The basin's jobseeker weights follow an allocation rule (no source gives jobseekers by commune for
May 2020): proportional to population x the commune's unemployment rate where a source gives it,
else population x the basin's reference rate (:func:`allocation_weights`). A test checks that the
weights written in the YAML are what the rule gives, so they cannot drift apart.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.config.params import Count, Param, Share
from sim.config.schema import Commune, MicroTerritoryRules, ProjectArea, RunConfig, Sector, TerritoryConfig
from sim.config.validate import ConfigError

# Law of 26 May 2002 on the right to social integration, art. 32: federal share of an ordinary
# RIS file by the CPAS's yearly average caseload (beneficiaries a month, year before last).
RIS_RATE_BY_CASELOAD: tuple[tuple[float, float], ...] = ((1000.0, 0.70), (500.0, 0.65), (0.0, 0.55))
RIS_RATE_SOURCE = "Law of 26 May 2002 art. 32: 55 % (< 500 beneficiaries), 65 % (>= 500), 70 % (>= 1,000)"


def normalise(name: str) -> str:
    """Commune name for matching: accents, case, hyphens, apostrophes and spaces ignored."""
    text = str(name).replace("œ", "oe").replace("Œ", "Oe")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def allocation_weights(communes: Sequence[Commune], reference_rate: float) -> np.ndarray:
    """Each commune's share of the jobseekers: population x unemployment rate, normalised.

    Args:
        communes: The communes (``unemployment_rate`` may be ``None``).
        reference_rate: Rate used where a commune's own rate is unknown.

    Returns:
        Weights summing to 1, in the order of ``communes``.
    """
    population = np.array([c.population.value for c in communes], dtype=np.float64)
    rate = np.array(
        [reference_rate if c.unemployment_rate is None else c.unemployment_rate.value for c in communes],
        dtype=np.float64,
    )
    mass = population * rate
    return mass / mass.sum()


def ris_rate_for_caseload(caseload: float) -> float:
    """Federal share of ordinary RIS files for a CPAS with this average caseload."""
    for threshold, rate in RIS_RATE_BY_CASELOAD:
        if caseload >= threshold:
            return rate
    return RIS_RATE_BY_CASELOAD[-1][1]


def match_communes(table: Sequence[Commune], names: Sequence[str]) -> list[int]:
    """Indices in ``table`` of the named communes, in the order given.

    Raises:
        ConfigError: naming unknown or repeated names and listing the accepted ones.
    """
    index = {normalise(c.name): i for i, c in enumerate(table)}
    unknown = [n for n in names if normalise(n) not in index]
    problems = []
    if unknown:
        accepted = ", ".join(c.name for c in table)
        problems.append(
            f"territory.select: unknown commune(s) {', '.join(repr(n) for n in unknown)}; "
            f"accepted (accents, case and hyphens ignored): {accepted}"
        )
    found = [index[normalise(n)] for n in names if normalise(n) in index]
    repeated = sorted({table[i].name for i in found if found.count(i) > 1})
    if repeated:
        problems.append(f"territory.select names {', '.join(repeated)} more than once; list each commune once")
    if problems:
        raise ConfigError(problems)
    return found


def _scaled(param: Param, factor: float) -> Param:
    """A copy of ``param`` scaled by ``factor``, its range too, with the scaling in its note."""
    scaled = copy.deepcopy(param)
    scaled.value = param.value * factor
    if param.range is not None:
        scaled.range = [bound * factor for bound in param.range]
    scaled.note = (f"{param.note} " if param.note else "") + f"Basin value x {factor:.6g} (share of inhabitants)."
    return scaled


def _ris_rate(
    territory: TerritoryConfig, rules: MicroTerritoryRules, communes: Sequence[Commune], weights: np.ndarray
) -> Share:
    """Federal share of ordinary RIS files: each CPAS's legal rate by its estimated caseload,
    weighted by the communes' shares of the jobseekers."""
    caseload_per_inhabitant = rules.ris_beneficiaries_per_inhabitant.value
    rates = np.array([ris_rate_for_caseload(c.population.value * caseload_per_inhabitant) for c in communes])
    return Share(
        value=float(np.dot(rates, weights)),
        unit="share of the RIS reimbursed by the federal State (ordinary files)",
        year=territory.ris_reimbursement_ordinary.year,
        source=(
            f"{RIS_RATE_SOURCE}; each CPAS's caseload estimated as inhabitants x "
            f"{caseload_per_inhabitant:g} (territory.micro.ris_beneficiaries_per_inhabitant), "
            "jobseeker-weighted mean over the communes"
        ),
        tag="E",
    )


def _scaled_sectors(territory: TerritoryConfig, share: float) -> list[Sector]:
    """The base territory's local firms, their employment scaled by ``share`` of its inhabitants."""
    return [
        Sector(
            name=sector.name,
            employment=_scaled(sector.employment, share),
            revenue_per_job_year=copy.deepcopy(sector.revenue_per_job_year),
            vacancy_rate_month=copy.deepcopy(sector.vacancy_rate_month),
            overlap_with_ebe=copy.deepcopy(sector.overlap_with_ebe),
        )
        for sector in territory.sectors
    ]


def select_micro(territory: TerritoryConfig) -> TerritoryConfig:
    """The micro-territory made of the communes named in ``territory.select``.

    Args:
        territory: The basin table (``territory=micro`` composes it) with ``select`` and ``micro``.

    Returns:
        A new territory: the selected communes with renormalised weights and every derived
        quantity computed by the rules of this module.

    Raises:
        ConfigError: an empty selection, unknown or repeated names, or a total population above
            ``territory.micro.max_inhabitants``.
    """
    rules = territory.micro
    if rules is None:
        raise ConfigError(
            [
                f"territory.select = {list(territory.select)!r} is set on territory {territory.name!r}, which "
                "has no micro-territory rules; use territory=micro (or a territory built on it)"
            ]
        )
    if not territory.select:
        accepted = ", ".join(c.name for c in territory.communes)
        raise ConfigError([f"territory.select is empty: name the communes of the micro-territory, among {accepted}"])
    found = match_communes(territory.communes, list(territory.select))
    chosen = [copy.deepcopy(territory.communes[i]) for i in found]
    inhabitants = math.fsum(c.population.value for c in chosen)
    limit = rules.max_inhabitants.value
    if inhabitants > limit:
        parts = " + ".join(f"{c.name} {c.population.value:,.0f}" for c in chosen)
        raise ConfigError(
            [
                f"territory.select = [{', '.join(c.name for c in chosen)}]: {inhabitants:,.0f} inhabitants "
                f"({parts}), above the micro-territory limit of {limit:,.0f} "
                "(territory.micro.max_inhabitants, Walloon rule); choose communes totalling at most that"
            ]
        )

    basin_inhabitants = math.fsum(c.population.value for c in territory.communes)
    weights = np.array([c.jobseeker_weight.value for c in chosen], dtype=np.float64)
    weight_total = float(weights.sum())
    names = ", ".join(c.name for c in chosen)
    for commune, weight in zip(chosen, weights, strict=True):
        commune.jobseeker_weight = Share(
            value=float(weight / weight_total),
            unit="share of the territory's jobseekers",
            source=f"Basin table weight {weight:.6g} / selection total {weight_total:.6g}",
            tag="E",
        )
    basin_jobseekers = territory.jobseekers.value
    jobseekers = Count(
        value=float(round(basin_jobseekers * weight_total)),
        unit=territory.jobseekers.unit,
        year=territory.jobseekers.year,
        source=(
            f"{basin_jobseekers:,.0f} basin jobseekers ({territory.jobseekers.source}) x the selected communes' "
            f"jobseeker weights {weight_total:.6g} (sim.config.territories)"
        ),
        tag="E",
    )

    ris = _ris_rate(territory, rules, chosen, weights / weight_total)
    sectors = _scaled_sectors(territory, inhabitants / basin_inhabitants)
    ebe_count = Count(value=1, unit="EBEs", source="One EBE per micro-territory (French and Walloon practice)", tag="R")
    return dataclasses.replace(
        copy.deepcopy(territory),
        description=(
            f"Micro-territory {names}: {inhabitants:,.0f} inhabitants, {jobseekers.value:,.0f} jobseekers "
            "(derived from the basin table by sim.config.territories)"
        ),
        communes=chosen,
        jobseekers=jobseekers,
        ebe_count=ebe_count,
        ris_reimbursement_ordinary=ris,
        sectors=sectors,
        select=[c.name for c in chosen],
    )


def _mass(territory: TerritoryConfig, population: float, rate: Share | None) -> float:
    """Population x unemployment rate (the reference rate where unknown, 1 without one)."""
    reference = territory.reference_unemployment_rate
    if rate is not None:
        return population * rate.value
    return population * (reference.value if reference is not None else 1.0)


def build_areas(territory: TerritoryConfig) -> TerritoryConfig:
    """The framework of micro-territories listed in ``territory.areas``: one commune row and one
    EBE per area.

    An area's jobseekers are given, or derived like a commune's share of the basin: the base
    territory's jobseekers per unit of population x unemployment rate (the reference rate where
    the area has none), times the area's own. Local firms are the base's, scaled by the areas'
    share of its inhabitants; under micro-territory rules each area must respect their size limit
    and gets its CPAS's RIS reimbursement class.

    Raises:
        ConfigError: repeated area names, or an area above ``territory.micro.max_inhabitants``.
    """
    areas: list[ProjectArea] = list(territory.areas)
    problems = []
    names = [normalise(a.name) for a in areas]
    repeated = sorted({a.name for a, n in zip(areas, names, strict=True) if names.count(n) > 1})
    if repeated:
        problems.append(f"territory.areas names {', '.join(repeated)} more than once; list each area once")
    rules = territory.micro
    if rules is not None:
        limit = rules.max_inhabitants.value
        for area in areas:
            if area.population.value > limit:
                problems.append(
                    f"territory.areas: {area.name} has {area.population.value:,.0f} inhabitants, above the "
                    f"micro-territory limit of {limit:,.0f} (territory.micro.max_inhabitants)"
                )
    if problems:
        raise ConfigError(problems)

    base_mass = math.fsum(_mass(territory, c.population.value, c.unemployment_rate) for c in territory.communes)
    base_inhabitants = math.fsum(c.population.value for c in territory.communes)
    per_mass = territory.jobseekers.value / base_mass
    counts = []
    for area in areas:
        if area.jobseekers is not None:
            counts.append(area.jobseekers.value)
        else:
            counts.append(per_mass * _mass(territory, area.population.value, area.unemployment_rate))
    total = math.fsum(counts)
    communes = []
    for area, count in zip(areas, counts, strict=True):
        derived = "given" if area.jobseekers is not None else "from the base territory's jobseekers per inhabitant"
        communes.append(
            Commune(
                name=area.name,
                population=copy.deepcopy(area.population),
                jobseeker_weight=Share(
                    value=count / total,
                    unit="share of the territory's jobseekers",
                    source=f"{count:,.0f} jobseekers ({derived}) / {total:,.0f} in all areas (sim.config.territories)",
                    tag="E",
                ),
                unemployment_rate=copy.deepcopy(area.unemployment_rate),
            )
        )
    inhabitants = math.fsum(a.population.value for a in areas)
    jobseekers = Count(
        value=float(round(total)),
        unit=territory.jobseekers.unit,
        year=territory.jobseekers.year,
        source=f"Sum over the {len(areas)} areas of territory.areas (sim.config.territories.build_areas)",
        tag="E",
    )
    weights = np.array([c.jobseeker_weight.value for c in communes])
    ris = _ris_rate(territory, rules, communes, weights) if rules is not None else territory.ris_reimbursement_ordinary
    return dataclasses.replace(
        copy.deepcopy(territory),
        description=(
            f"{territory.description} ({len(areas)} micro-territories, {inhabitants:,.0f} inhabitants, "
            f"{jobseekers.value:,.0f} jobseekers: sim.config.territories.build_areas)"
        ),
        communes=communes,
        jobseekers=jobseekers,
        ebe_count=Count(value=len(areas), unit="EBEs", source="One EBE per micro-territory (territory.areas)", tag="R"),
        ris_reimbursement_ordinary=ris,
        sectors=_scaled_sectors(territory, inhabitants / base_inhabitants),
        select=[],
    )


def resolve_territory(cfg: RunConfig) -> RunConfig:
    """Build a framework of areas or apply a micro-territory selection; other territories are
    returned unchanged."""
    territory = cfg.territory
    if territory.areas:
        cfg.territory = build_areas(territory)
    elif territory.select or territory.micro is not None:
        cfg.territory = select_micro(territory)
    return cfg


@dataclass(frozen=True)
class EbeAreas:
    """Which EBE serves which commune (:func:`ebe_areas`).

    Attributes:
        first_ebe: For each commune, the first of the EBEs serving it.
        ebe_count: For each commune, how many EBEs serve it (its people are spread evenly
            among them); communes grouped under one EBE have 1.
        inhabitants: Inhabitants each EBE serves.
        need: Each EBE's jobseekers per inhabitant (its communes' weights over their population),
            which orders a ``neediest_first`` roll-out.
        labels: Each EBE's micro-territory in words (``"Mons 2/6"``, ``"Hensies + Quievrain"``).
    """

    first_ebe: np.ndarray
    ebe_count: np.ndarray
    inhabitants: np.ndarray
    need: np.ndarray
    labels: tuple[str, ...]


def _smallest_largest_area(population: np.ndarray, total: int) -> np.ndarray:
    """``total`` EBEs over communes, at least one each, each further one to the commune whose
    parts are then the largest (Adams' method: the largest micro-territory is as small as it can be)."""
    counts = np.ones(population.size, dtype=np.int64)
    for _ in range(total - population.size):
        counts[int(np.argmax(population / counts))] += 1
    return counts


def ebe_areas(territory: TerritoryConfig) -> EbeAreas:
    """Allocate the territory's ``ebe_count`` EBEs to its communes.

    At least as many EBEs as communes: every commune gets one, each further one goes to the commune
    whose micro-territories are then the largest (so that the largest is as small as it can be:
    with as many EBEs as the communes' populations need under a size limit, every one meets it),
    and a commune with several EBEs is split into equal parts. Fewer EBEs than
    communes: communes are grouped, in table order, into EBEs of about equal population.
    """
    population = np.array([c.population.value for c in territory.communes], dtype=np.float64)
    weights = np.array([c.jobseeker_weight.value for c in territory.communes], dtype=np.float64)
    names = [c.name for c in territory.communes]
    total = max(1, int(round(territory.ebe_count.value)))
    n = population.size
    if total >= n:
        counts = _smallest_largest_area(population, total)
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        inhabitants = np.repeat(population / counts, counts)
        need = np.repeat(weights / population, counts)
        labels = tuple(
            name if k == 1 else f"{name} {i + 1}/{k}" for name, k in zip(names, counts, strict=True) for i in range(k)
        )
        return EbeAreas(first, counts, inhabitants, need, labels)
    group = np.zeros(n, dtype=np.int64)
    middle = (np.cumsum(population) - population / 2.0) / population.sum()
    for c in range(1, n):
        # groups follow the table in order, one step at a time, each with at least one commune
        lowest = max(int(group[c - 1]), total - (n - c))
        group[c] = min(max(int(middle[c] * total), lowest), int(group[c - 1]) + 1)
    inhabitants = np.bincount(group, weights=population, minlength=total)
    need = np.bincount(group, weights=weights, minlength=total) / inhabitants
    labels = tuple(" + ".join(name for name, g in zip(names, group, strict=True) if g == k) for k in range(total))
    return EbeAreas(group, np.ones(n, dtype=np.int64), inhabitants, need, labels)
