"""Where each number of a run configuration comes from: one row per value, with its provenance.

:func:`iter_params` walks a typed run configuration (:class:`~sim.config.schema.RunConfig`, or
any tree of dataclasses, lists and dicts) generically, so a new configuration file or a new
schema field needs no change here. Each :class:`~sim.config.params.Param` gives one row; each
:class:`~sim.config.params.DatedParam` gives one row per dated value; numbers that carry no
provenance fields (band bounds, the seed...) are reported too, as ``bare`` rows, so that nothing
numeric is hidden from the researcher or from the provenance test.

Paths are readable (``territory.communes[Hensies].population``: list entries are named after
their ``name`` field where they have one, else numbered); ``key`` is the matching Hydra override
(``territory.communes.0.population.value``), which can be pasted on the command line.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config.locations import CONFIG_DIR, group_options  # noqa: F401 - group_options: part of this API
from sim.config.params import DatedParam, Param

# Scalars directly under the root (seed, start, horizon) are run settings, not parameters.
SETTING = "setting"
BARE = "bare"
DATE = "date"
GROUPS = ("scenario", "territory", "policy", "behaviour")
_DATE = re.compile(r"^\d{4}-\d{2}$")
# where the yearly indexation rate of amounts lives in the tree (see sim.rules.indexation)
INDEXATION_PATH = ("policy", "indexation_per_year")

COLUMNS = (
    "path",
    "value",
    "unit",
    "year",
    "start",
    "tag",
    "source",
    "assumption",
    "range",
    "note",
    "indexation",
    "type",
    "key",
)


@dataclass(frozen=True)
class ParamRow:
    """One value of the configuration with its provenance.

    Attributes:
        path: Readable dotted path, list entries by name (``scenario.operators[impulsion_12m]``).
        value: The number (or, for ``date`` and ``setting`` rows, the text) the model uses.
        unit: Unit of ``value``; empty for bare numbers.
        year: Year the value refers to (a dated value's start year).
        start: ``YYYY-MM`` from which a dated value is in force; empty otherwise.
        tag: ``R`` read, ``K`` widely reported, ``E`` estimated, ``A`` assumption.
        source: Citation (a dated value's own source, else its rule's).
        assumption: True when the value is an assumption.
        range: ``(low, high)`` worth exploring, if given.
        note: Why the value is what it is.
        indexation: For dated values: until when it applies, or how it is indexed afterwards.
        type: ``Param`` subclass name (``Share``, ``DatedAmount``...), or ``bare``, ``date``,
            ``setting``.
        key: Hydra override key of the value.
    """

    path: str
    value: float | int | str
    unit: str = ""
    year: int | None = None
    start: str = ""
    tag: str = ""
    source: str = ""
    assumption: bool = False
    range: tuple[float, float] | None = None
    note: str = ""
    indexation: str = ""
    type: str = BARE
    key: str = ""

    @property
    def group(self) -> str:
        """First component of the path (``scenario``, ``territory``... or a run setting)."""
        return re.split(r"[.\[]", self.path, maxsplit=1)[0]

    def as_dict(self) -> dict[str, Any]:
        """Plain values in :data:`COLUMNS` order (range as ``[low, high]`` text)."""
        row = dataclasses.asdict(self)
        row["range"] = "" if self.range is None else f"[{_number(self.range[0])}, {_number(self.range[1])}]"
        row["year"] = "" if self.year is None else self.year
        return {column: row[column] for column in COLUMNS}


def iter_params(cfg: Any) -> Iterator[ParamRow]:
    """Every value of a typed configuration, in the order of the tree.

    Args:
        cfg: A :class:`~sim.config.schema.RunConfig` (from :func:`sim.config.load.load_config`)
            or any subtree of dataclasses, lists and dicts.

    Yields:
        One :class:`ParamRow` per Param, per dated value of a DatedParam, per rule date
        (``YYYY-MM`` text), per bare number, and per run setting at the root.
    """
    indexation = _indexation_rate(cfg)
    yield from _walk(cfg, "", "", indexation, root=True)


def _walk(node: Any, path: str, key: str, indexation: float | None, root: bool = False) -> Iterator[ParamRow]:
    if isinstance(node, Param):
        yield _param_row(node, path, key)
    elif isinstance(node, DatedParam):
        yield from _dated_rows(node, path, key, indexation)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            child = getattr(node, field.name)
            child_path, child_key = _join(path, field.name), _join(key, field.name)
            if root and _is_scalar(child):
                if child is not None:  # an unset setting (output_dir) is not a value
                    yield ParamRow(path=child_path, value=child, type=SETTING, key=child_key)
            else:
                yield from _walk(child, child_path, child_key, indexation)
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            label = getattr(item, "name", None)
            readable = f"{path}[{label if isinstance(label, str) and label else index}]"
            yield from _walk(item, readable, _join(key, str(index)), indexation)
    elif isinstance(node, dict):
        for name, item in node.items():
            yield from _walk(item, _join(path, str(name)), _join(key, str(name)), indexation)
    elif _is_number(node):
        yield ParamRow(path=path, value=node, type=BARE, key=key)
    elif isinstance(node, str) and _DATE.match(node):
        yield ParamRow(path=path, value=node, year=int(node[:4]), start=node, type=DATE, key=key)


def _param_row(param: Param, path: str, key: str) -> ParamRow:
    rng = param.range
    return ParamRow(
        path=path,
        value=param.value,
        unit=str(param.unit),
        year=param.year,
        tag=param.tag,
        source=str(param.source),
        assumption=bool(param.assumption),
        range=None if rng is None else tuple(rng),
        note=param.note,
        type=type(param).__name__,
        key=f"{key}.value",
    )


def _dated_rows(param: DatedParam, path: str, key: str, indexation: float | None) -> Iterator[ParamRow]:
    values = list(param.values)
    for index, dated in enumerate(values):
        if index + 1 < len(values):
            rule = f"until {values[index + 1].start}"
        elif param.indexed:
            rate = "" if indexation is None else f" = {_percent(indexation)}/year"
            rule = f"indexed each January after {dated.start} (policy.indexation_per_year{rate})"
        else:
            rule = "not indexed"
        yield ParamRow(
            path=path,
            value=dated.value,
            unit=str(param.unit),
            year=_year(dated.start),
            start=str(dated.start),
            tag=param.tag,
            source=str(dated.source or param.source),
            note=param.note,
            indexation=rule,
            type=type(param).__name__,
            key=f"{key}.values.{index}.value",
        )


def _indexation_rate(cfg: Any) -> float | None:
    node = cfg
    for name in INDEXATION_PATH:
        node = getattr(node, name, None)
    value = getattr(node, "value", None)
    return float(value) if _is_number(value) else None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _is_number(value: Any) -> bool:
    # bool is an int subclass, but a switch is not a quantity
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (int, float, str, bool))


def _year(start: Any) -> int | None:
    text = str(start)
    return int(text[:4]) if _DATE.match(text) else None


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _percent(share: float) -> str:
    return f"{share * 100:g} %"


# --------------------------------------------------------------------------- checks
def provenance_problems(row: ParamRow) -> list[str]:
    """What is missing from a row's provenance (empty when it is documented).

    A Param needs a unit, and either a source or ``assumption: true`` with a ``[low, high]``
    range (low <= high) that contains its value; any range given must contain the value. A
    dated value needs a unit and a source. Bare numbers, dates and settings carry no provenance
    fields: whether they may be bare is for the caller to decide (see the provenance test).
    """
    if row.type in (BARE, DATE, SETTING):
        return []
    problems = []
    if not row.unit.strip():
        problems.append("no unit")
    if not _is_number(row.value) or not math.isfinite(row.value):
        problems.append(f"value {row.value!r} is not a finite number")
    if row.range is not None:
        if len(row.range) != 2 or not all(_is_number(x) and math.isfinite(x) for x in row.range):
            problems.append(f"range {list(row.range)!r} is not [low, high]")
        elif row.range[0] > row.range[1]:
            problems.append(f"range {list(row.range)!r} has low > high")
        elif _is_number(row.value) and not row.range[0] <= row.value <= row.range[1]:
            problems.append(f"value {row.value!r} outside its range {list(row.range)!r}")
    if not row.source.strip():
        if not row.assumption:
            problems.append("no source and not flagged as an assumption")
        elif row.range is None:
            problems.append("assumption without a range")
    if row.tag and row.tag not in ("R", "K", "E", "A"):
        problems.append(f"tag {row.tag!r} is not one of R, K, E, A")
    return problems


# --------------------------------------------------------------------------- configuration options
def default_options(config_dir: Path | None = None) -> dict[str, str]:
    """The option of each group chosen by ``configs/config.yaml``'s defaults list."""
    from omegaconf import OmegaConf

    root = OmegaConf.to_container(OmegaConf.load((config_dir or CONFIG_DIR) / "config.yaml"), resolve=False)
    chosen: dict[str, str] = {}
    for entry in root.get("defaults", []):
        if not isinstance(entry, dict):
            continue
        for group, option in entry.items():
            if group in GROUPS:
                chosen[str(group)] = str(option)
    # an option may name another group's choice (behaviour: fitted_${policy}), as Hydra resolves it
    for group, option in chosen.items():
        for other, choice in chosen.items():
            option = option.replace("${" + other + "}", choice)
        chosen[group] = option
    return chosen


def candidate_combinations(
    group: str, option: str, options: dict[str, Sequence[str]], defaults: dict[str, str], max_changes: int = 2
) -> Iterator[list[str]]:
    """Override lists that put ``group=option`` with the others' defaults, then with changes.

    Used to find a combination in which an option validates when the defaults do not (a French
    policy with a Belgian territory, say). Candidates come by number of groups changed from the
    defaults, and among those, options sharing a word with ``option`` first
    (``policy=france`` tries ``territory=france_reference`` before ``territory=pilot``).

    Args:
        group: The group of the option under test.
        option: The option under test.
        options: Options of every group (see :func:`group_options`).
        defaults: Default option of every group (see :func:`default_options`).
        max_changes: Most other groups changed from their default.
    """
    words = set(option.split("_"))
    others = [g for g in options if g != group]

    def affinity(choice: dict[str, str]) -> int:
        return -sum(len(words & set(choice[g].split("_"))) for g in choice)

    for changes in range(max_changes + 1):
        found = []
        for changed in itertools.combinations(others, changes):
            pools = [[o for o in options[g] if o != defaults.get(g)] for g in changed]
            for picks in itertools.product(*pools):
                found.append(dict(zip(changed, picks, strict=True)))
        for choice in sorted(found, key=affinity):
            yield [f"{group}={option}", *(f"{g}={o}" for g, o in sorted(choice.items()))]
