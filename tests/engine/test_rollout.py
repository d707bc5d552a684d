"""Territories open in waves: selection months by pace, order and list; each territory's own
draws; nobody volunteers before their territory is selected."""

from __future__ import annotations

import factories as f
import numpy as np
import pytest

from sim.config.load import load_config
from sim.config.territories import ebe_areas
from sim.config.validate import ConfigError, validate
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.rollout import NEVER, rollout_order, selection_months, territory_values

BASIN = ["territory=coeur_du_hainaut", "scenario=full_transposition"]


@pytest.fixture(scope="module")
def basin():
    return load_config(BASIN)


def test_first_wave_then_an_even_pace_neediest_first(basin) -> None:
    areas = ebe_areas(basin.territory)
    months = selection_months(basin, areas)
    assert months.size == 48
    order = rollout_order(basin, areas)
    # the 5 neediest micro-territories at the start, then 6 a year: one every 2 months
    np.testing.assert_array_equal(months[order][:5], 0)
    np.testing.assert_array_equal(months[order][5:9], [2, 4, 6, 8])
    assert months.max() == 86  # the 43rd after the first wave: 43 x 12 / 6
    assert (np.diff(areas.need[order]) <= 0).all()
    # Dour has the basin's highest unemployment rate (22.5 %), hence jobseekers per inhabitant
    assert areas.labels[order[0]] == "Dour 1/2"


def test_listed_order_and_an_explicit_list() -> None:
    cfg = load_config([*BASIN, "scenario.rollout.order=listed", "scenario.rollout.territories_per_year.value=0"])
    months = selection_months(cfg, ebe_areas(cfg.territory))
    np.testing.assert_array_equal(months[:5], 0)
    assert (months[5:] == NEVER).all()  # no pace: only the first wave opens
    listed = list(range(48))
    cfg = load_config([*BASIN, f"scenario.rollout.opening_months={listed}", "scenario.rollout.order=listed"])
    np.testing.assert_array_equal(selection_months(cfg, ebe_areas(cfg.territory)), listed)


def test_an_opening_list_of_the_wrong_length_is_refused() -> None:
    cfg = load_config([*BASIN, "scenario.rollout.opening_months=[0,12]"])
    with pytest.raises(ConfigError, match="opening_months lists 2 months.*48 micro-territories"):
        validate(cfg)


def test_a_single_territory_opens_at_the_start() -> None:
    cfg = load_config(["territory=pilot", "scenario.rollout.first_wave.value=0"])
    np.testing.assert_array_equal(selection_months(cfg, ebe_areas(cfg.territory)), [0])


def test_each_territory_draws_its_own_values() -> None:
    cfg = load_config(BASIN)
    values = territory_values(cfg, 48)
    delay = np.array([v["launch_delay_months"] for v in values])
    # value x a factor uniform in [1 - 0.9, 1 + 0.9], keyed by the seed, the parameter and the EBE
    u = uniforms(cfg.seed, 0, Purpose.TERRITORY_FACTOR, np.arange(48))
    np.testing.assert_allclose(delay, 6 * (1 + 0.9 * (2 * u - 1)))
    assert "preparation_months" in values[0] and "committee_months" not in values[0]
    other = load_config([*BASIN, "seed=1"])
    assert not np.allclose(delay, [v["launch_delay_months"] for v in territory_values(other, 48)])
    flat = load_config([*BASIN, "pipeline.territory_spread.value=0"])
    assert {v["launch_delay_months"] for v in territory_values(flat, 48)} == {6.0}


def test_unknown_parameters_drawn_per_territory_are_refused() -> None:
    cfg = load_config(["pipeline.vary_by_territory=[launch_delay_months,sales_share]"])
    with pytest.raises(ConfigError, match=r"pipeline.vary_by_territory.1 = 'sales_share': expected one of"):
        validate(cfg)


def test_the_roll_out_opens_territories_on_their_dates_in_a_run() -> None:
    # the Walloon framework's 17 areas, selected every 4 months in table order
    cfg = f.config(
        "territory=walloon_framework",
        "scenario.rollout.order=listed",
        f"scenario.rollout.opening_months={[4 * k for k in range(17)]}",
        "pipeline.vary_by_territory=[]",
        "horizon_months=14",
    )
    result = f.run(cfg)
    territories = result.territories()
    status = territories.pivot(index="month", columns="ebe", values="status")
    assert status.loc[0, "ebe_01"] == "preparing"
    assert (status.loc[:3, "ebe_02"] == "not_selected").all() and status.loc[4, "ebe_02"] == "preparing"
    assert (status.loc[:7, "ebe_03"] == "not_selected").all() and status.loc[8, "ebe_03"] == "preparing"
    assert (status.loc[:, "ebe_05"] == "not_selected").all()  # selected in month 16
    # created 6 months after selection (launch_delay_months)
    assert status.loc[5, "ebe_01"] == "preparing" and status.loc[6, "ebe_01"] == "open"
    assert status.loc[10, "ebe_02"] == "open"
    # nobody volunteers for a territory before its selection
    waiting = territories.pivot(index="month", columns="ebe", values="volunteers_waiting")
    assert (waiting.loc[:7, "ebe_03"] == 0).all() and waiting.loc[13, "ebe_03"] > 0
    assert waiting.loc[3, "ebe_01"] > 0 and (waiting.loc[:, "ebe_05"] == 0).all()
    scenario = result.timeseries().query("world == 'scenario'").set_index("month")
    assert scenario.loc[0, "hiring_constraint"] == "closed"
    np.testing.assert_array_equal(scenario["territories_open"].to_numpy(), (status == "open").sum(axis=1).to_numpy())
