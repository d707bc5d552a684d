"""sim.calibration.targets: the calibration file loads, and a bad file is refused naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.calibration.moments import calibration_config, monthly_moments
from sim.calibration.targets import (
    DEFAULT_PATH,
    DURATION_BANDS,
    TARGETS,
    load_calibration,
)
from sim.config.validate import ConfigError


def test_every_target_is_a_moment_of_the_status_quo() -> None:
    moments = monthly_moments(calibration_config("pilot", 0), months=1)
    assert [t.name for t in TARGETS if t.name not in moments] == []


def test_duration_bands_cover_every_duration_once() -> None:
    lows = [low for _, low, _ in DURATION_BANDS]
    assert lows[0] == 0 and lows == sorted(lows)
    assert all(high == following for (_, _, high), following in zip(DURATION_BANDS, lows[1:]))
    assert sum(t.value for t in TARGETS if t.band_months is not None) == pytest.approx(1.0)
    assert sum(t.weight for t in TARGETS if t.band_months is not None) == pytest.approx(1.0)


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "calibration.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _first(key: str, value: object):
    def change(data: dict) -> None:
        data["targets"][0][key] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_first("value", 0), r"targets\.0\.value = 0: expected a non-zero number"),
        (_first("tolerance", 1.5), r"targets\.0\.tolerance = 1\.5: expected a relative error in \(0, 1\]"),
        (_first("weight", -1), r"targets\.0\.weight = -1: expected a number > 0"),
        (_first("tag", "A"), r"targets\.0\.tag = 'A': expected one of R, K, E"),
        (_first("source", ""), r"targets\.0\.source: expected a non-empty string"),
        (_first("colour", "red"), r"targets\.0: unknown keys \['colour'\]"),
        (_first("band_months", [60, 10]), r"targets\.0\.band_months = \[60, 10\]"),
        (lambda data: data["targets"][1].pop("year"), r"targets\.1: missing keys \['year'\]"),
        (lambda data: data["targets"].append(data["targets"][0]), r"named more than once: \['stock_ratio'\]"),
        (lambda data: data["window"].update(start="May 2020"), r"window\.start = 'May 2020': expected a month"),
        (lambda data: data["window"].update(run_end="2025-01"), "start <= score_end <= run_end"),
        (lambda data: data.update(extra=1), "expected the top-level keys territory, window and targets"),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_key(tmp_path: Path, change, message: str) -> None:
    path = _write(tmp_path, change)
    with pytest.raises(ConfigError, match=message) as refused:
        load_calibration(path)
    assert str(path) in str(refused.value)


def test_the_shipped_file_is_what_the_module_holds() -> None:
    assert load_calibration().targets == TARGETS
    with pytest.raises(ConfigError, match="cannot be read"):
        load_calibration(Path("/nonexistent/calibration.yaml"))
