"""The validation page: the France reference against the published 2025 evaluation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.calibration.cli import main
from sim.calibration.validation import load_published, outputs_table
from sim.config.errors import ConfigError
from sim.engine.indicators import AVOIDED_COST_COMPONENTS


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("validation")
    assert main(["validate", "--out", str(out), "--seeds", "2", "--force"]) == 0
    return out


def test_the_page_and_its_tables_are_written(page: Path) -> None:
    text = (page / "validation.html").read_text(encoding="utf-8")
    assert "Validation: the France reference against the 2025 evaluation" in text
    assert "<script" not in text or "http" not in text  # offline
    outputs = pd.read_csv(page / "validation_outputs.csv")
    price_year, published = load_published()
    assert list(outputs["indicator"]) == [p.indicator for p in published]
    # the model's side comes from the runs: a mean within its range over the seeds
    measured = outputs.dropna(subset=["model_mean"])
    assert len(measured) >= 6
    assert ((measured["model_min"] <= measured["model_mean"]) & (measured["model_mean"] <= measured["model_max"])).all()
    components = pd.read_csv(page / "validation_components.csv")
    assert list(components["component"])[:-1] == list(AVOIDED_COST_COMPONENTS)
    for country in ("france", "belgium"):
        parts = components[country].iloc[:-1].sum()
        assert parts == pytest.approx(components[country].iloc[-1], rel=1e-9)
    inputs = pd.read_csv(page / "validation_inputs.csv")
    assert inputs["source"].str.len().min() > 0


def test_a_gap_is_reported_not_hidden() -> None:
    price_year, published = load_published()
    net = next(p for p in published if p.indicator == "eval_net_cost_per_fte_year")
    far = {"constant_prices": {"eval_net_cost_per_fte_year": net.high + 5_000}, "eval_net_cost_per_fte_year": 0.0}
    near = {"constant_prices": {"eval_net_cost_per_fte_year": (net.low + net.high) / 2}}
    table = outputs_table([far], [net], price_year)
    assert table["gap"].iloc[0].startswith("+") and "from the published middle" in table["gap"].iloc[0]
    assert outputs_table([near], [net], price_year)["gap"].iloc[0] == "within the published range"


def test_a_malformed_evaluations_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "evaluations.yaml"
    bad.write_text("price_year: 2024\nfigures:\n  - {indicator: x, low: 2, high: 1}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="figures.0"):
        load_published(bad)
