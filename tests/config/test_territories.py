"""The basin's commune table and micro-territories selected from it by name."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from sim.config.load import load_config
from sim.config.territories import allocation_weights, ebe_areas, normalise, ris_rate_for_caseload
from sim.config.validate import ConfigError, validate
from sim.engine.population import generate_population

BASIN_JOBSEEKERS = 33600


@pytest.fixture(scope="module")
def basin():
    return load_config(["territory=coeur_du_hainaut"]).territory


def test_basin_table_lists_25_communes_with_weights_summing_to_one(basin) -> None:
    names = [c.name for c in basin.communes]
    assert len(names) == len(set(names)) == 25
    assert {"Hensies", "Quiévrain", "Mons", "La Louvière", "Anderlues"} <= set(names)
    assert math.isclose(math.fsum(c.jobseeker_weight.value for c in basin.communes), 1.0, abs_tol=1e-6)
    assert basin.jobseekers.value == BASIN_JOBSEEKERS


def test_basin_weights_are_what_the_allocation_rule_gives(basin) -> None:
    # the YAML's weights are written out for reading; they must equal the rule's output
    expected = allocation_weights(basin.communes, basin.reference_unemployment_rate.value)
    written = np.array([c.jobseeker_weight.value for c in basin.communes])
    np.testing.assert_allclose(written, expected, atol=1e-8)


def test_mons_arrondissement_matches_the_official_total(basin) -> None:
    # the 13 communes of the arrondissement of Mons against its 260,586 inhabitants (1 Jan 2024)
    mons = basin.communes[:13]
    assert mons[0].name == "Boussu" and mons[-1].name == "Saint-Ghislain"
    total = math.fsum(c.population.value for c in mons)
    assert abs(total - 260586) / 260586 < 0.005


def test_normalise_ignores_accents_case_and_hyphens() -> None:
    assert normalise("Quiévrain") == normalise("QUIEVRAIN") == "quievrain"
    assert normalise("Le Rœulx") == normalise("le roeulx")
    assert normalise("Saint-Ghislain") == normalise("saint ghislain")


def test_ris_rate_follows_the_cpas_size_classes() -> None:
    assert ris_rate_for_caseload(499) == 0.55
    assert ris_rate_for_caseload(500) == 0.65
    assert ris_rate_for_caseload(1000) == 0.70


def test_selection_by_name_derives_the_micro_territory(basin) -> None:
    cfg = load_config(["territory=micro", "territory.select=[quievrain,HENSIES]"])
    territory = cfg.territory
    assert territory.name == "micro"
    assert [c.name for c in territory.communes] == ["Quiévrain", "Hensies"]
    table = {c.name: c for c in basin.communes}
    # populations come from the basin table, not re-declared
    for commune in territory.communes:
        assert commune.population.value == table[commune.name].population.value
    weight = table["Hensies"].jobseeker_weight.value + table["Quiévrain"].jobseeker_weight.value
    assert territory.jobseekers.value == round(BASIN_JOBSEEKERS * weight)
    assert math.isclose(math.fsum(c.jobseeker_weight.value for c in territory.communes), 1.0, abs_tol=1e-12)
    assert territory.ebe_count.value == 1
    # two CPAS of under 20,000 inhabitants: both below 500 beneficiaries, 55 %
    assert territory.ris_reimbursement_ordinary.value == 0.55
    inhabitants = sum(c.population.value for c in territory.communes)
    share = inhabitants / sum(c.population.value for c in basin.communes)
    for sector, basin_sector in zip(territory.sectors, basin.sectors, strict=True):
        assert math.isclose(sector.employment.value, basin_sector.employment.value * share)
    validate(cfg)


def test_selection_of_a_large_commune_uses_its_cpas_class() -> None:
    # Le Roeulx alone: small CPAS; the rule only moves with the estimated caseload
    territory = load_config(["territory=micro", "territory.select=[le roeulx]"]).territory
    assert territory.ris_reimbursement_ordinary.value == 0.55
    bigger = load_config(
        [
            "territory=micro",
            "territory.select=[le roeulx]",
            "territory.micro.ris_beneficiaries_per_inhabitant.value=0.1",
        ]
    ).territory
    assert bigger.ris_reimbursement_ordinary.value == 0.65  # 8,500 x 0.1 = 850 beneficiaries


def test_unknown_commune_is_refused_with_the_accepted_names() -> None:
    with pytest.raises(ConfigError) as error:
        load_config(["territory=micro", "territory.select=[Hensies,Atlantis]"])
    message = str(error.value)
    assert "'Atlantis'" in message and "territory.select" in message
    assert "Quiévrain" in message and "Soignies" in message


def test_selection_above_15000_inhabitants_is_refused() -> None:
    with pytest.raises(ConfigError) as error:
        load_config(["territory=micro", "territory.select=[Dour,Honnelles]"])
    message = str(error.value)
    assert "Dour" in message and "Honnelles" in message
    assert "21,731" in message and "15,000" in message


def test_empty_and_repeated_selections_are_refused() -> None:
    with pytest.raises(ConfigError, match="is empty"):
        load_config(["territory=micro", "territory.select=[]"])
    with pytest.raises(ConfigError, match="more than once"):
        load_config(["territory=micro", "territory.select=[Lens,lens]"])


def test_selection_on_the_basin_is_refused() -> None:
    with pytest.raises(ConfigError, match="territory=micro"):
        load_config(["territory=coeur_du_hainaut", "territory.select=[Dour]"])


def test_default_pilot_keeps_its_numbers() -> None:
    territory = load_config(["territory=pilot"]).territory
    assert territory.jobseekers.value == 1180
    assert [c.population.value for c in territory.communes] == [6826, 6600]
    assert territory.select == [] and territory.micro is None


def test_walloon_pilot_composes_and_validates() -> None:
    cfg = load_config(["scenario=walloon_pilot", "territory=walloon_pilot", "start=2023-04"])
    assert cfg.territory.name == "walloon_pilot"
    assert sum(c.population.value for c in cfg.territory.communes) <= 15000
    fund = cfg.scenario.fund
    assert fund.financing == "fixed_budget"
    assert math.isclose(fund.budget_eur.value, 104_000_000 / 17, abs_tol=1)
    assert fund.budget_months.value == 45
    assert cfg.scenario.volunteering.eligibility_min_months.value == 24
    validate(cfg)


def test_fixed_budget_validation_names_the_keys() -> None:
    cfg = load_config(
        [
            "scenario=walloon_pilot",
            "territory=walloon_pilot",
            "scenario.fund.budget_start=2020-01",
            "scenario.fund.budget_eur=null",
        ]
    )
    with pytest.raises(ConfigError) as error:
        validate(cfg)
    problems = "\n".join(error.value.problems)
    assert "scenario.fund.budget_eur is null" in problems
    assert "scenario.fund.budget_start = '2020-01'" in problems
    # a rule that does not exist is refused while composing (an enumeration)
    with pytest.raises(ConfigError) as error:
        load_config(["scenario=walloon_pilot", "territory=walloon_pilot", "scenario.fund.after_budget=vanish"])
    assert "scenario.fund.after_budget = 'vanish'" in str(error.value) and "close" in str(error.value)


# --------------------------------------------------------------------------- EBEs by commune
def test_the_basin_s_ebes_follow_the_15000_inhabitants_rule(basin) -> None:
    areas = ebe_areas(basin)
    assert areas.inhabitants.size == 48 and areas.ebe_count.sum() == 48
    assert areas.inhabitants.sum() == pytest.approx(sum(c.population.value for c in basin.communes))
    # every commune has at least one EBE, the largest are split in equal parts under the limit
    assert (areas.ebe_count >= 1).all()
    assert areas.inhabitants.max() <= 15000
    mons = [i for i, label in enumerate(areas.labels) if label.startswith("Mons ")]
    assert len(mons) == areas.ebe_count[[c.name for c in basin.communes].index("Mons")] >= 7
    np.testing.assert_allclose(areas.inhabitants[mons], 96545 / len(mons))


def test_fewer_ebes_than_communes_group_neighbours_in_table_order(basin) -> None:
    grouped = dataclasses.replace(basin, ebe_count=dataclasses.replace(basin.ebe_count, value=10))
    areas = ebe_areas(grouped)
    assert areas.inhabitants.size == 10 and (areas.ebe_count == 1).all()
    assert (np.diff(areas.first_ebe) >= 0).all() and set(areas.first_ebe) == set(range(10))
    assert areas.labels[0].startswith("Boussu + Colfontaine")
    one = ebe_areas(dataclasses.replace(basin, ebe_count=dataclasses.replace(basin.ebe_count, value=1)))
    assert one.labels == (" + ".join(c.name for c in basin.communes),)


def test_people_are_served_by_an_ebe_of_their_commune() -> None:
    cfg = load_config(["territory=coeur_du_hainaut"])
    pop = generate_population(cfg)
    areas = ebe_areas(cfg.territory)
    first = areas.first_ebe[pop.commune]
    assert ((pop.ebe_index >= first) & (pop.ebe_index < first + areas.ebe_count[pop.commune])).all()
    assert np.unique(pop.ebe_index).size == 48


def test_the_walloon_framework_builds_17_areas() -> None:
    territory = load_config(["territory=walloon_framework"]).territory
    assert len(territory.communes) == 17 and territory.ebe_count.value == 17
    assert math.fsum(c.jobseeker_weight.value for c in territory.communes) == pytest.approx(1.0)
    farciennes = next(c for c in territory.communes if c.name == "Farciennes")
    assert farciennes.population.value == 11500
    # jobseekers per inhabitant of the basin at its reference rate: 33,600 / sum(pop x rate) x pop x 15.2 %
    basin = load_config(["territory=coeur_du_hainaut"]).territory
    mass = sum(c.population.value * (c.unemployment_rate.value if c.unemployment_rate else 0.152)
               for c in basin.communes)  # fmt: skip
    inhabitants = sum(c.population.value for c in territory.communes)
    assert territory.jobseekers.value == pytest.approx(33600 / mass * 0.152 * inhabitants, abs=1)
    assert territory.sectors[0].employment.value == pytest.approx(
        basin.sectors[0].employment.value * inhabitants / sum(c.population.value for c in basin.communes)
    )
    assert ebe_areas(territory).labels == tuple(c.name for c in territory.communes)


def test_an_area_above_the_limit_is_refused() -> None:
    with pytest.raises(ConfigError, match="Farciennes has 16,000 inhabitants, above the micro-territory limit"):
        load_config(["territory=walloon_framework", "territory.areas.4.population.value=16000"])
