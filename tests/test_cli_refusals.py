"""Fuzzing ``tzcld``: random override sets drawn from the schema, valid and invalid, through the
console entry point in this process (pilot territory, 1 to 3 months).

Every set must end in one of two ways: exit 0 with every contracted file and nothing else, or
exit 2 with a message and no folder at all; never a traceback, an exception out of the entry
point, another exit code or a partial folder. A set built to be invalid (one bad override among
good ones) must be refused naming its key; a set of good overrides only must run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import math
import warnings
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.config.load import load_config
from sim.config.params import DatedParam, Param
from sim.config.validate import MAX_HORIZON_MONTHS, SEED_LIMIT
from sim.outputs import RUN_FILES

SCENARIOS = ("full_transposition", "existing_actors", "status_quo")
CONTRACT = {*RUN_FILES, ".hydra/config.yaml", ".hydra/overrides.yaml"}
# Parameters checked together with others (shares summing to 1, ordered bands and periods, the
# fixed budget's settings, working times in (0, 1], at least one jobseeker or EBE): a value fine
# on its own may be refused with them, so they are drawn only as invalid values.
LINKED = (
    "qualification",
    "household",
    "entry_regime",
    "_bands",
    "jobseeker_weight",
    "working_time",
    "fixed_shares",
    "fund_shares",
    "periods",
    "exclusion_waves",
    "budget",
    "age_multipliers",
    "territory.jobseekers",
    "ebe_count",
    "communes",
    "sectors",
    "micro",
)
BAD_KINDS = (
    "out_of_bounds",
    "fraction_of_months",
    "not_finite",
    "text_for_a_number",
    "enum",
    "typo",
    "added_key",
    "seed",
    "horizon",
    "start",
    "group_option",
    "cross_country",
    "null_node",
    "deleted_key",
    "group_value",
    "parse",
)
# About a second of CPU per set (Hydra's composition); a good set also runs 1 to 3 months.
MIXED_SETS = 12
SETS_PER_BAD_KIND = 1


@dataclass(frozen=True)
class Leaf:
    """A value of the composed configuration that an override can set."""

    key: str
    kind: str  # "param", "enum", "bool"
    current: Any
    cls: type | None = None


@dataclass(frozen=True)
class Edit:
    """One override, and the key a refusal of it must name (None: a good override)."""

    override: str
    named: str | None = None
    kind: str = ""  # what makes it bad


def _leaves(node: Any, key: str = "") -> list[Leaf]:
    found: list[Leaf] = []
    if isinstance(node, Param):
        found.append(Leaf(f"{key}.value", "param", node.value, type(node)))
    elif isinstance(node, DatedParam):
        for index, dated in enumerate(node.values):
            found.append(Leaf(f"{key}.values.{index}.value", "param", dated.value, type(node)))
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            child = f"{key}.{field.name}" if key else field.name
            if isinstance(value, StrEnum):
                found.append(Leaf(child, "enum", value, type(value)))
            elif isinstance(value, bool) and child.startswith("scenario."):
                found.append(Leaf(child, "bool", value))
            else:
                found.extend(_leaves(value, child))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(_leaves(item, f"{key}.{index}"))
    elif isinstance(node, dict):
        for name, item in node.items():
            found.extend(_leaves(item, f"{key}.{name}"))
    return found


@functools.cache
def catalog(scenario: str) -> tuple[Leaf, ...]:
    """Every settable leaf of ``scenario`` on the pilot territory, from the typed configuration."""
    leaves = _leaves(load_config([f"scenario={scenario}", "territory=pilot"]))
    # the run-level keys the fuzzer sets itself (seed, horizon) and the shares of a territory are left out
    return tuple(leaf for leaf in leaves if leaf.key.startswith(("scenario.", "policy.", "behaviour.", "territory.")))


def _number(value: float) -> str:
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


@st.composite
def good_edit(draw: st.DrawFn, scenario: str) -> Edit:
    """A value each check accepts on its own, for a parameter checked on its own."""
    choices = [leaf for leaf in catalog(scenario) if not any(part in leaf.key for part in LINKED)]
    leaf = draw(st.sampled_from(choices))
    if leaf.kind == "enum":
        accepted = [m for m in leaf.cls if leaf.key.endswith(("contribution_basis", "selection", "requires_regime"))]
        value = draw(st.sampled_from(accepted or [leaf.current]))
        return Edit(f"{leaf.key}={value}")
    if leaf.kind == "bool":
        return Edit(f"{leaf.key}={str(draw(st.booleans())).lower()}")
    cls, current = leaf.cls, float(leaf.current)
    if getattr(cls, "whole", False):
        value = draw(st.integers(0, int(2 * current) + 1))
    elif cls.upper == 1.0:
        value = draw(st.floats(0.0, 1.0, allow_nan=False))
    elif cls.lower == 0.0:
        value = draw(st.floats(0.0, 2 * current if current > 0 else 10.0, allow_nan=False))
    else:
        value = draw(st.floats(min(0.5 * current, 1.5 * current), max(0.5 * current, 1.5 * current)))
    return Edit(f"{leaf.key}={_number(value)}")


@st.composite
def bad_edit(draw: st.DrawFn, scenario: str, kind: str | None = None) -> list[Edit]:
    """Overrides with one that every version of the configuration must refuse, and its key."""
    leaves = catalog(scenario)
    params = [leaf for leaf in leaves if leaf.kind == "param"]
    kind = kind or draw(st.sampled_from(BAD_KINDS))
    if kind == "out_of_bounds":
        leaf = draw(st.sampled_from([p for p in params if p.cls.lower == 0.0]))
        above = leaf.cls.upper < math.inf and draw(st.booleans())
        value = draw(st.floats(1.001, 50.0)) if above else -draw(st.floats(0.001, 1e6))
        return [Edit(f"{leaf.key}={_number(value)}", f"{leaf.key} = ", kind=kind)]
    if kind == "fraction_of_months":
        leaf = draw(st.sampled_from([p for p in params if getattr(p.cls, "whole", False)]))
        value = int(leaf.current) + draw(st.sampled_from([0.5, 0.25, 0.9]))
        return [Edit(f"{leaf.key}={value}", f"{leaf.key} = {value}: expected a whole number of months", kind=kind)]
    if kind == "not_finite":
        leaf = draw(st.sampled_from(params))
        return [Edit(f"{leaf.key}={draw(st.sampled_from(['nan', 'inf', '-inf']))}", f"{leaf.key} = ", kind=kind)]
    if kind == "text_for_a_number":
        leaf = draw(st.sampled_from(params))
        return [Edit(f"{leaf.key}=lots", f"{leaf.key} = 'lots': could not be converted", kind=kind)]
    if kind == "enum":
        leaf = draw(st.sampled_from([leaf for leaf in leaves if leaf.kind == "enum"] or params))
        if leaf.kind != "enum":
            return [Edit(f"{leaf.key}=lots", leaf.key, kind=kind)]
        return [Edit(f"{leaf.key}=not_an_option", f"{leaf.key} = 'not_an_option': expected one of", kind=kind)]
    if kind == "typo":
        leaf = draw(st.sampled_from(params))
        parent, _, name = leaf.key.rpartition(".value")[0].rpartition(".")
        wrong = f"{parent}.{name}x.value"
        return [Edit(f"{wrong}=1", f"{parent}.{name}x", kind=kind)]
    if kind == "added_key":
        leaf = draw(st.sampled_from(params))
        node = leaf.key.rsplit(".", 1)[0]
        name = draw(st.sampled_from(["bogus", "extra", "note2"]))
        return [Edit(f"+{node}.{name}=1", f"{node}.{name}: not a key of the configuration", kind=kind)]
    if kind == "seed":
        seed = draw(st.one_of(st.integers(SEED_LIMIT, 2**70), st.integers(-(2**40), -1)))
        return [Edit(f"seed={seed}", f"seed = {seed}: expected an integer from 0 to 2**63 - 1", kind=kind)]
    if kind == "horizon":
        value = draw(st.one_of(st.just(0), st.integers(MAX_HORIZON_MONTHS + 1, 10**6), st.just("ten")))
        return [Edit(f"horizon_months={value}", "horizon_months = ", kind=kind)]
    if kind == "start":
        value = draw(st.sampled_from(["2027-13", "2027-00", "27-01", "2027/01", "january"]))
        return [Edit(f"start={value}", "start: ", kind=kind)]
    if kind == "group_option":
        group = draw(st.sampled_from(["territory", "policy", "behaviour"]))
        option = draw(st.sampled_from(["nowhere", "pilot2", "france_2027"]))
        return [Edit(f"{group}={option}", f"{group}={option}: no such option", kind=kind)]
    if kind == "cross_country":
        return [Edit("policy=france", "policy.country = 'FR' but territory.country = 'BE'", kind=kind)]
    if kind == "null_node":
        node = draw(st.sampled_from(["fund", "ebe"]))
        field = "startup_grant_per_job" if node == "fund" else "launch_delay_months"
        edits = [Edit("scenario=status_quo"), Edit(f"scenario.{node}.{field}.value=3")]
        return [*edits[:1], Edit(edits[1].override, f"scenario.{node}.{field}.value: scenario.{node} is null", kind)]
    if kind == "deleted_key":
        key = draw(st.sampled_from(["seed", "horizon_months", "start", "territory", "behaviour", params[0].key]))
        return [Edit(f"~{key}", f"~{key}: deleting a key or a group with ~ is refused", kind=kind)]
    if kind == "group_value":
        text = draw(st.sampled_from(["territory=null", "behaviour=[fitted,default]", "policy=3"]))
        return [Edit(text, f"{text}: expected one option of", kind=kind)]
    text, named = draw(
        st.sampled_from(
            [
                ("seed=[1,2", "does not parse"),
                ("horizon_months=(3", "does not parse"),
                ("scenario.volunteering.takeup.value=1)", "does not parse"),
                ("=5", "an override needs a key"),
            ]
        )
    )
    return [Edit(text, named, kind=kind)]


def tzcld_in_process(argv: list[str]) -> tuple[int, str]:
    """``tzcld`` run by its entry point in this process: exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with (
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        warnings.simplefilter("always")
        code = main(argv)
    # a callback that raises only warns in Hydra: it would let a refused run through
    assert not [w for w in caught if "Callback" in str(w.message)], [str(w.message) for w in caught]
    return code, out.getvalue() + err.getvalue()


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: each example costs a second
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def one_set(data: st.DataObject, run_dir: Path, tally: Counter[str], kind: str | None) -> None:
    """Draw an override set (with a bad override of ``kind``, if given), run it, check the end."""
    scenario = data.draw(st.sampled_from(SCENARIOS), label="scenario")
    edits = [Edit(f"scenario={scenario}"), Edit("territory=pilot")]
    edits += [Edit(f"horizon_months={data.draw(st.integers(1, 3), label='horizon')}")]
    good = data.draw(st.lists(good_edit(scenario), max_size=3), label="good overrides")
    invalid = kind is not None or data.draw(st.booleans(), label="with a bad override")
    bad = data.draw(bad_edit(scenario, kind), label="bad override") if invalid else []
    # a bad override that changes a group's option makes the good keys of that group meaningless
    changed = {e.override.split("=")[0] for e in bad} & {"scenario", "territory", "policy", "behaviour"}
    edits += [e for e in good if e.override.split(".")[0] not in changed] + bad
    tally["sets"] += 1
    tally["invalid sets" if invalid else "valid sets"] += 1
    code, printed = tzcld_in_process([*(e.override for e in edits), f"hydra.run.dir={run_dir}"])
    assert "Traceback" not in printed, printed
    assert code in (0, 2), (code, printed)
    if code == 0:
        assert files_under(run_dir) == CONTRACT, files_under(run_dir)
    else:
        tally["refused"] += 1
        assert "tzcld: invalid configuration, nothing was simulated." in printed, printed
        assert not run_dir.exists(), files_under(run_dir)
    named = [e.named for e in edits if e.named]
    if invalid:
        assert code == 2 and all(key in printed for key in named), (named, printed)
    else:
        assert code == 0, printed


def fuzz(root: Path, examples: int, kind: str | None) -> Counter[str]:
    """Run ``examples`` override sets (each with a bad override of ``kind``, if given) and count
    them; the counts are printed for the closing note (shown with ``pytest -s``)."""
    tally: Counter[str] = Counter()

    @settings(FUZZ, max_examples=examples)
    @given(data=st.data())
    def sets(data: st.DataObject) -> None:
        one_set(data, root / f"run{tally['sets']:03d}", tally, kind)

    sets()
    counts = f"{tally['sets']} override sets, {tally['invalid sets']} built invalid, {tally['refused']} refused"
    print(f"\nfuzz {kind or 'mixed'}: {counts}")
    return tally


@pytest.mark.slow  # fuzzing the command line with whole processes (make test-slow, CI)
def test_random_override_sets_end_in_a_whole_run_or_a_refusal(tmp_path_factory) -> None:
    tally = fuzz(tmp_path_factory.mktemp("fuzz"), MIXED_SETS, None)
    # the draws must exercise both ways out
    assert tally["invalid sets"] >= MIXED_SETS // 4 and tally["valid sets"] >= MIXED_SETS // 4, tally
    assert tally["refused"] == tally["invalid sets"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_every_kind_of_bad_override_is_refused_among_good_ones(kind: str, tmp_path_factory) -> None:
    tally = fuzz(tmp_path_factory.mktemp(f"fuzz_{kind}"), SETS_PER_BAD_KIND, kind)
    assert tally["sets"] == tally["refused"] == SETS_PER_BAD_KIND
