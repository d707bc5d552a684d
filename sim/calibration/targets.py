"""What the status quo is fitted to: a calibration file's documented facts about a territory's
jobseekers (each with its source, weight and tolerance), its scored window and its free parameters.

Two calibrations ship (:data:`CALIBRATIONS`): ``belgium``, the basin's (``configs/calibration.yaml``,
whose fit is ``behaviour=fitted_belgium_2027``), and ``france``, the France reference's
(``configs/calibration_france.yaml``, whose fit is ``behaviour=fitted_france``, the default under
``policy=france``). The numbers and their sources live in those files, like every other number of
the model; this module checks and loads them. The Belgian one is loaded at import into
:data:`TARGETS` and the window constants, the defaults of the fit and the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.calendar import parse_month
from sim.config.locations import CONFIG_DIR
from sim.config.validate import ConfigError

DEFAULT_PATH = CONFIG_DIR / "calibration.yaml"
CALIBRATIONS = {"belgium": DEFAULT_PATH, "france": CONFIG_DIR / "calibration_france.yaml"}

TARGET_KEYS = ("name", "label", "value", "unit", "year", "source", "tag", "weight", "tolerance", "note")
OPTIONAL_TARGET_KEYS = ("band_months", "cohort_months")
TOP_LEVEL_KEYS = ("territory", "overrides", "behaviour_file", "sources", "free_parameters", "window", "targets")
TAGS = ("R", "K", "E")
# The last duration band has no upper bound; the moments compare durations with this one.
OPEN_END_MONTHS = 10**6


@dataclass(frozen=True)
class Target:
    """One documented fact the status quo should reproduce.

    Attributes:
        name: Column of the monthly moments (:func:`sim.calibration.moments.monthly_moments`).
        label: Plain-words name for tables.
        value: The documented value, in the unit of the moment.
        unit: Unit of ``value``.
        year: Year the fact refers to.
        source: The document it was read in.
        weight: Weight of the target in the objective (see :mod:`sim.calibration.fit`).
        tolerance: Largest relative error of the window mean accepted by the tests and the
            report's "met" column. It reflects how precise the source is, not how good the fit
            was (``note`` says why).
        tag: ``R`` read in the source, ``K`` widely reported, ``E`` estimated from sourced values.
        note: Why the value, weight and tolerance are what they are.
        band_months: ``(low, high)`` months jobless, ``[low, high)``, for a share of a duration
            band (``high`` None: open-ended); None for other targets.
        cohort_months: For the share of an entry cohort still jobless this many months after it
            registered; None for other targets.
    """

    name: str
    label: str
    value: float
    unit: str
    year: int
    source: str
    weight: float
    tolerance: float
    tag: str = ""
    note: str = ""
    band_months: tuple[int, int | None] | None = None
    cohort_months: int | None = None


@dataclass(frozen=True)
class FreeParameter:
    """A behaviour parameter the fit moves, within the range of its prior (default.yaml).

    Attributes:
        name: Field of ``behaviour`` (a Param); the fit sets ``behaviour.<name>.value``.
        identified_by: The targets that pin it down, in plain words.
    """

    name: str
    identified_by: str


@dataclass(frozen=True)
class Calibration:
    """A calibration file: which territory, which months, which targets, which free parameters.

    Attributes:
        territory: Territory option whose documented stock the targets describe.
        start: First simulated month (``YYYY-MM``), the month of the documented count.
        score_end: Last scored month.
        run_end: Last simulated month (the months after ``score_end`` are not scored).
        targets: The targets, in file order.
        overrides: More Hydra overrides of the calibration run (e.g. the policy).
        free_parameters: The parameters the fit moves, in order.
        behaviour_file: Stem of the behaviour file the fit writes (``configs/behaviour/<stem>.yaml``).
        sources: The documents the targets come from, in one line (cited in the fitted file).
    """

    territory: str
    start: str
    score_end: str
    run_end: str
    targets: tuple[Target, ...]
    overrides: tuple[str, ...] = ()
    free_parameters: tuple[FreeParameter, ...] = ()
    behaviour_file: str = "fitted_belgium_2027"
    sources: str = ""

    @property
    def scored_months(self) -> int:
        """Months from the start to the last scored month."""
        return parse_month(self.score_end) - parse_month(self.start) + 1

    @property
    def horizon_months(self) -> int:
        """Months simulated."""
        return parse_month(self.run_end) - parse_month(self.start) + 1

    @property
    def duration_bands(self) -> tuple[tuple[str, int, int], ...]:
        """(moment name, low, high) months jobless of the duration-band targets, [low, high)."""
        return tuple(
            (t.name, t.band_months[0], OPEN_END_MONTHS if t.band_months[1] is None else t.band_months[1])
            for t in self.targets
            if t.band_months is not None
        )

    @property
    def cohorts(self) -> tuple[tuple[str, int], ...]:
        """(moment name, months since registration) of the entry-cohort targets."""
        return tuple((t.name, t.cohort_months) for t in self.targets if t.cohort_months is not None)

    def window_text(self) -> str:
        """The scored window in words."""
        tail = f"; simulated to {self.run_end}, later months not scored" if self.run_end != self.score_end else ""
        return f"{self.start} to {self.score_end} ({self.scored_months} months{tail})"


def load_calibration(path: Path | str | None = None) -> Calibration:
    """Read and check a calibration file.

    Args:
        path: YAML file, or a name of :data:`CALIBRATIONS` (``belgium``, ``france``); defaults
            to ``configs/calibration.yaml``.

    Raises:
        ConfigError: listing every problem, each naming the file and the key concerned.
    """
    if isinstance(path, str) and path in CALIBRATIONS:
        path = CALIBRATIONS[path]
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError([f"{path}: cannot be read ({error})"]) from None
    except yaml.YAMLError as error:
        raise ConfigError([f"{path}: not valid YAML ({error})"]) from None
    if not isinstance(data, dict) or not {"territory", "window", "targets"} <= set(data) <= set(TOP_LEVEL_KEYS):
        raise ConfigError(
            [f"{path}: expected the top-level keys territory, window and targets, and at most {list(TOP_LEVEL_KEYS)}"]
        )
    problems: list[str] = []
    overrides = data.get("overrides") or []
    if not isinstance(overrides, list) or not all(isinstance(o, str) for o in overrides):
        problems.append(f"{path}: overrides = {overrides!r}: expected a list of Hydra overrides")
    free = []
    for index, entry in enumerate(data.get("free_parameters") or []):
        if not isinstance(entry, dict) or set(entry) != {"name", "identified_by"}:
            problems.append(f"{path}: free_parameters.{index}: expected {{name, identified_by}}")
        else:
            free.append(FreeParameter(str(entry["name"]), str(entry["identified_by"])))
    window = data["window"] if isinstance(data["window"], dict) else {}
    months = {}
    for key in ("start", "score_end", "run_end"):
        try:
            months[key] = parse_month(str(window[key]))
        except (KeyError, ValueError):
            problems.append(f"{path}: window.{key} = {window.get(key)!r}: expected a month YYYY-MM")
    if len(months) == 3 and not months["start"] <= months["score_end"] <= months["run_end"]:
        problems.append(f"{path}: window: expected start <= score_end <= run_end")
    entries = data["targets"] if isinstance(data["targets"], list) else []
    if not entries:
        problems.append(f"{path}: targets: expected a non-empty list")
    targets = [_target(entry, f"{path}: targets.{index}", problems) for index, entry in enumerate(entries)]
    names = [target.name for target in targets if target is not None]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems.append(f"{path}: targets named more than once: {repeated}")
    if problems:
        raise ConfigError(problems)
    return Calibration(
        territory=str(data["territory"]),
        start=str(window["start"]),
        score_end=str(window["score_end"]),
        run_end=str(window["run_end"]),
        targets=tuple(targets),
        overrides=tuple(overrides),
        free_parameters=tuple(free),
        behaviour_file=str(data.get("behaviour_file", "fitted_belgium_2027")),
        sources=str(data.get("sources", "")),
    )


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _target(entry: Any, where: str, problems: list[str]) -> Target | None:
    """One checked Target, or None with the problems appended."""
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping with keys {list(TARGET_KEYS)}")
        return None
    unknown = sorted(set(entry) - set(TARGET_KEYS) - set(OPTIONAL_TARGET_KEYS))
    missing = [key for key in TARGET_KEYS if key not in entry]
    if unknown:
        problems.append(f"{where}: unknown keys {unknown}; accepted: {list(TARGET_KEYS + OPTIONAL_TARGET_KEYS)}")
    if missing:
        problems.append(f"{where}: missing keys {missing}")
        return None
    before = len(problems)
    for key in ("name", "label", "unit", "source", "note"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            problems.append(f"{where}.{key}: expected a non-empty string")
    # Errors are relative to the value: it cannot be zero.
    if not _number(entry["value"]) or entry["value"] == 0:
        problems.append(f"{where}.value = {entry['value']!r}: expected a non-zero number")
    if not isinstance(entry["year"], int) or isinstance(entry["year"], bool):
        problems.append(f"{where}.year = {entry['year']!r}: expected the year the fact refers to")
    if entry["tag"] not in TAGS:
        problems.append(f"{where}.tag = {entry['tag']!r}: expected one of {', '.join(TAGS)}")
    if not _number(entry["weight"]) or entry["weight"] <= 0:
        problems.append(f"{where}.weight = {entry['weight']!r}: expected a number > 0")
    if not _number(entry["tolerance"]) or not 0 < entry["tolerance"] <= 1:
        problems.append(f"{where}.tolerance = {entry['tolerance']!r}: expected a relative error in (0, 1]")
    cohort = entry.get("cohort_months")
    if cohort is not None and not (isinstance(cohort, int) and not isinstance(cohort, bool) and cohort >= 1):
        problems.append(f"{where}.cohort_months = {cohort!r}: expected whole months >= 1")
    band = entry.get("band_months")
    if band is not None and not (
        isinstance(band, list)
        and len(band) == 2
        and isinstance(band[0], int)
        and (band[1] is None or (isinstance(band[1], int) and band[1] > band[0]))
    ):
        problems.append(f"{where}.band_months = {band!r}: expected [low, high] whole months (high null: open)")
    if len(problems) > before:
        return None
    return Target(
        name=entry["name"],
        label=entry["label"],
        value=float(entry["value"]),
        unit=entry["unit"],
        year=entry["year"],
        source=entry["source"],
        weight=float(entry["weight"]),
        tolerance=float(entry["tolerance"]),
        tag=entry["tag"],
        note=entry["note"],
        band_months=None if band is None else (band[0], band[1]),
        cohort_months=cohort,
    )


CALIBRATION = load_calibration()
BASIN = CALIBRATION.territory
START = CALIBRATION.start
SCORE_END = CALIBRATION.score_end
RUN_END = CALIBRATION.run_end
SCORED_MONTHS = CALIBRATION.scored_months  # 68
HORIZON_MONTHS = CALIBRATION.horizon_months  # 75
TARGETS: tuple[Target, ...] = CALIBRATION.targets
# Duration bands of the Walloon mix, in months jobless: (moment name, low, high), [low, high).
DURATION_BANDS: tuple[tuple[str, int, int], ...] = CALIBRATION.duration_bands


def window_text(calibration: Calibration = CALIBRATION) -> str:
    """The scored window in words."""
    if calibration is CALIBRATION:
        return f"{START} to {SCORE_END} ({SCORED_MONTHS} months; simulated to {RUN_END}, reform months not scored)"
    return calibration.window_text()


def target_by_name(name: str) -> Target:
    """The target called ``name``."""
    for target in TARGETS:
        if target.name == name:
            return target
    raise KeyError(f"no target {name!r}; targets: {', '.join(t.name for t in TARGETS)}")
