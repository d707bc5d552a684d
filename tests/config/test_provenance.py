"""Every number in configs/ says where it comes from (sim/config/provenance.py).

The whole tree is walked: every option of every group found on disk (``configs/<group>/*.yaml``,
so files added later are covered without a code change) is composed with the defaults of the
other groups, and every numeric leaf of its group's subtree must sit in a Param (unit; source,
or assumption with a range containing the value; year for a sourced fact; a tag consistent with
the assumption flag) or a DatedParam (unit, source, tag), or be on the documented allow-list of
bare numbers below. Composition alone is enough (no simulation, no validation): a group file
only fills its own subtree, so which options the others take does not change what is checked,
and an option that does not validate with the defaults (a French policy with a Belgian
territory) is still checked. Whether each option validates in some combination is tested with
the table command (tests/test_params_table.py). configs/calibration.yaml (the calibration
targets) is no group: it is read and checked target by target with the same rules.
"""

from __future__ import annotations

import functools
import re

import pytest
import yaml
from omegaconf import OmegaConf

from sim.calibration.targets import CALIBRATIONS, load_calibration
from sim.calibration.validation import load_published
from sim.config.load import compose_config, load_config
from sim.config.provenance import (
    BARE,
    DATE,
    GROUPS,
    SETTING,
    ParamRow,
    candidate_combinations,
    default_options,
    group_options,
    iter_params,
    provenance_problems,
)

# Numbers allowed without provenance fields, with the reason. Each pattern matches whole paths.
BARE_ALLOWED: dict[str, str] = {
    # a band's bounds define the band (months jobless or years of age); its share is the
    # sourced value, and the bounds are quoted in that source
    r"territory\.(long_duration_bands|short_duration_bands|age_bands)\[\d+\]\.(low|high)": "band bounds",
    # age bands of the hazard multipliers: structure of a free parameter, the multiplier is the
    # assumption with its range
    r"behaviour\.age_multipliers\[\d+\]\.(low|high)": "age bounds of a multiplier",
}
# Run settings at the root: chosen by the user for each run, not facts about the world.
SETTINGS_ALLOWED = {
    "seed": "root of the random streams",
    "horizon_months": "length of the run",
    "start": "first simulated month",
}
# Sourced values that need no year, with the reason. A value whose source is "definition"
# (a training spell is not a job: fte 0) is true at any date and needs none either.
YEARLESS_ALLOWED: dict[str, str] = {
    r"territory\.ebe_count": "a rule of practice (one EBE per micro-territory), not a dated fact",
}
# Provenance fields of a Param: numbers that describe a value rather than being one.
PROVENANCE_FIELDS = re.compile(r"\.(year|range\.\d+)$")

GROUP_OPTIONS = [(group, option) for group in GROUPS for option in group_options(group)]


# composing takes about 0.4 s: each configuration once per module (read-only use below)
@functools.cache
def _compose(*overrides: str):
    return compose_config(list(overrides))


@functools.cache
def _load(*overrides: str):
    return load_config(list(overrides))


def _matches(patterns: dict[str, str], path: str) -> bool:
    return any(re.fullmatch(pattern, path) for pattern in patterns)


def _numeric_leaves(node: object, key: str = "") -> dict[str, float]:
    """Every number of a plain container, by Hydra key (independent of iter_params)."""
    found: dict[str, float] = {}
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            found[key] = node
        return found
    for name, child in items:
        found.update(_numeric_leaves(child, f"{key}.{name}" if key else str(name)))
    return found


def _as_written(cfg):
    """Typed objects of the composed files, before any derivation (a micro-territory's values
    are derived from the basin table by to_run_config; the files are what this test checks)."""
    plain = OmegaConf.masked_copy(cfg, [key for key in cfg if key != "hydra"]) if "hydra" in cfg else cfg
    return OmegaConf.to_object(plain)


def offenders(cfg, group: str | None = None) -> list[str]:
    """Every provenance problem of a composed configuration (of one group's subtree if given)."""
    rows = [row for row in iter_params(_as_written(cfg)) if group is None or row.group == group]
    problems = []
    for row in rows:
        problems += [f"{row.path} ({row.key}): {problem}" for problem in _row_problems(row)]
    # numbers of the tree that no row accounts for (not inside a Param, nor a provenance field)
    container = OmegaConf.to_container(cfg, resolve=True)
    leaves = _numeric_leaves({k: v for k, v in container.items() if k != "hydra"})
    covered = {row.key for row in rows}
    for key in leaves:
        if group is not None and not key.startswith(f"{group}."):
            continue
        parent = PROVENANCE_FIELDS.sub("", key)
        if key not in covered and f"{parent}.value" not in covered:
            problems.append(f"{key}: a number outside any Param and not reported by iter_params")
    return problems


def _row_problems(row: ParamRow) -> list[str]:
    if row.type == SETTING:
        numeric = isinstance(row.value, (int, float)) and not isinstance(row.value, bool)
        if numeric and row.path not in SETTINGS_ALLOWED:
            return ["a numeric run setting not on SETTINGS_ALLOWED: make it a Param or document it there"]
        return []
    if row.type == DATE:
        return []
    if row.type == BARE:
        if _matches(BARE_ALLOWED, row.path):
            return []
        return ["a bare number: make it a Param (unit, year, source or assumption with range)"]
    problems = provenance_problems(row)
    if row.tag not in ("R", "K", "E", "A"):
        problems.append(f"tag {row.tag!r}: expected R, K, E or A")
    elif row.tag == "A" and not row.assumption:
        problems.append("tag 'A' without assumption: true (and its range)")
    elif row.assumption and not (row.tag == "A" or (row.tag == "E" and row.source.strip())):
        # an assumption is tag A; or E when the project estimated it itself (a calibration fit,
        # with its source) and still explores its range. R or K on an assumption is a slip, often
        # Hydra's deep merge keeping a parent's `assumption: true` under a sourced override.
        problems.append(f"tag {row.tag!r} with assumption: true: expected A (or E with a source)")
    sourced_fact = not row.assumption and row.source.strip() and row.source.strip().lower() != "definition"
    if sourced_fact and row.year is None and not _matches(YEARLESS_ALLOWED, row.path):
        problems.append("a sourced value without its year")
    return problems


# --------------------------------------------------------------------------- the whole tree
def test_every_group_has_options() -> None:
    # guards the parametrisation below: an empty glob would silently test nothing
    for group in GROUPS:
        assert group_options(group), f"no YAML file in configs/{group}/"


@pytest.mark.parametrize(("group", "option"), GROUP_OPTIONS, ids=[f"{g}={o}" for g, o in GROUP_OPTIONS])
def test_every_number_of_every_option_has_provenance(group: str, option: str) -> None:
    cfg = _compose(f"{group}={option}")
    found = offenders(cfg, group)
    assert not found, f"configs/{group}/{option}.yaml: {len(found)} values without provenance:\n" + "\n".join(found)


def test_run_settings_and_whole_default_tree() -> None:
    found = offenders(_compose())
    assert not found, "\n".join(found)


def test_the_check_catches_undocumented_values() -> None:
    # the test above must be able to fail: break provenance in three ways and see each reported
    cfg = compose_config(
        [
            "scenario.volunteering.takeup.unit=",
            "scenario.volunteering.takeup.range=[0.3,0.5]",  # excludes the value 0.25
            "policy.wages.employer_rate_market.source=",  # sourced fact turned into nothing
            "territory.jobseekers.year=null",
        ]
    )
    found = "\n".join(offenders(cfg))
    assert "scenario.volunteering.takeup (scenario.volunteering.takeup.value): no unit" in found
    assert "outside its range [0.3, 0.5]" in found
    assert "policy.wages.employer_rate_market (policy.wages.employer_rate_market.value): no source" in found
    assert "territory.jobseekers (territory.jobseekers.value): a sourced value without its year" in found


def test_bare_numbers_are_reported_not_skipped() -> None:
    rows = list(iter_params(_load()))
    bare = [row.path for row in rows if row.type == BARE]
    assert "territory.age_bands[0].low" in bare
    assert "behaviour.age_multipliers[3].high" in bare
    assert not _matches(BARE_ALLOWED, "territory.jobseekers")
    assert _row_problems(ParamRow(path="territory.jobseekers", value=3, type=BARE))


# --------------------------------------------------------------------------- calibration targets
# configs/calibration.yaml is no group, so composition never sees it: its targets are checked here
# with the rules of a Param, and every number of the file must be one of a target's fields.
CALIBRATION_NUMBERS = r"targets\.\d+\.(value|year|weight|tolerance|band_months\.\d+|cohort_months)"


@pytest.mark.parametrize("name", sorted(CALIBRATIONS))
def test_every_calibration_target_has_provenance(name: str) -> None:
    problems = []
    path = CALIBRATIONS[name]
    for target in load_calibration(name).targets:
        row = ParamRow(
            path=f"calibration.targets[{target.name}]",
            value=target.value,
            unit=target.unit,
            year=target.year,
            source=target.source,
            tag=target.tag,
            note=target.note,
            type="Param",
        )
        problems += [f"{row.path}: {problem}" for problem in _row_problems(row)]
        if not target.note.strip():
            problems.append(f"{row.path}: weight and tolerance without a note saying why")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems += [
        f"{key}: a number that is no target field"
        for key in _numeric_leaves(data)
        if not re.fullmatch(CALIBRATION_NUMBERS, key)
    ]
    assert not problems, f"{path}:\n" + "\n".join(problems)


# configs/evaluations_france.yaml holds outcomes to compare with, each with its provenance.
def test_every_published_evaluation_figure_has_provenance() -> None:
    price_year, figures = load_published()
    assert 2015 <= price_year <= 2030
    for figure in figures:
        assert figure.unit.strip() and figure.source.strip() and figure.tag in ("R", "K", "E"), figure
        assert 2015 <= figure.year <= 2030, figure


# --------------------------------------------------------------------------- iter_params
def test_rows_have_readable_paths_and_pasteable_keys() -> None:
    rows = {row.path: row for row in iter_params(_load("scenario=existing_actors"))}
    hensies = rows["territory.communes[Hensies].population"]
    assert hensies.key == "territory.communes.0.population.value"
    assert hensies.type == "Count" and hensies.unit == "inhabitants" and hensies.year is not None
    assert "scenario.operators[impulsion_12m].subsidy_per_month" in rows
    assert "policy.unemployment_insurance.periods[0].first_month" in rows
    assert rows["seed"].type == SETTING and rows["horizon_months"].value == 120
    # the key is a Hydra override: pasting it changes that value and nothing else
    changed = {row.path: row for row in iter_params(load_config(["scenario=existing_actors", f"{hensies.key}=7000"]))}
    assert changed["territory.communes[Hensies].population"].value == 7000
    assert (
        changed["territory.communes[Quievrain].population"].value
        == rows["territory.communes[Quievrain].population"].value
    )


def test_dated_rules_give_one_row_per_dated_value() -> None:
    rows = [row for row in iter_params(_load()) if row.path == "policy.social_assistance.reform_reimbursement"]
    assert [(row.start, row.value) for row in rows] == [
        ("2026-01", 1.0),
        ("2027-01", 0.9),
        ("2028-01", 0.8),
        ("2029-01", 0.75),
    ]
    assert [row.year for row in rows] == [2026, 2027, 2028, 2029]
    assert rows[0].indexation == "until 2027-01" and rows[-1].indexation == "not indexed"
    assert rows[0].key == "policy.social_assistance.reform_reimbursement.values.0.value"
    wage = [row for row in iter_params(_load()) if row.path == "policy.wages.minimum_wage_month"]
    assert wage[-1].indexation.startswith("indexed each January after 2026-04")
    assert "= 2 %/year" in wage[-1].indexation
    # a dated value's own source wins over its rule's
    assert "peoplesphere" in wage[-1].source and wage[0].source != wage[-1].source


def test_provenance_problems_on_synthetic_rows() -> None:
    good = ParamRow(path="x", value=0.3, unit="share", source="s", type="Share")
    assert provenance_problems(good) == []
    assumed = ParamRow(path="x", value=0.3, unit="share", assumption=True, range=(0.1, 0.5), type="Share")
    assert provenance_problems(assumed) == []
    assert provenance_problems(ParamRow(path="x", value=0.3, unit="", source="s", type="Share")) == ["no unit"]
    assert provenance_problems(ParamRow(path="x", value=0.3, unit="u", assumption=True, type="Share")) == [
        "assumption without a range"
    ]
    assert provenance_problems(ParamRow(path="x", value=0.3, unit="u", type="Share")) == [
        "no source and not flagged as an assumption"
    ]
    reversed_range = ParamRow(path="x", value=0.3, unit="u", assumption=True, range=(0.5, 0.1), type="Share")
    assert provenance_problems(reversed_range) == ["range [0.5, 0.1] has low > high"]


# --------------------------------------------------------------------------- combinations
def test_candidate_combinations_start_with_the_defaults_then_related_names() -> None:
    options = {
        "scenario": ["full_transposition", "status_quo"],
        "territory": ["france_reference", "pilot", "zeta"],
        "policy": ["belgium_2027", "france"],
    }
    defaults = {"scenario": "full_transposition", "territory": "pilot", "policy": "belgium_2027"}
    candidates = list(candidate_combinations("policy", "france", options, defaults))
    assert candidates[0] == ["policy=france"]
    assert candidates[1] == ["policy=france", "territory=france_reference"]
    assert len(candidates) == len({tuple(c) for c in candidates}) == 1 + 3 + 2  # 0, 1, 2 groups changed


def test_default_options_are_read_from_config_yaml() -> None:
    defaults = default_options()
    assert set(defaults) == set(GROUPS)
    cfg = _load()
    for group, option in defaults.items():
        assert getattr(cfg, group).name == option
