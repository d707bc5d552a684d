"""configs/uncertainties.yaml: loads, points at real Params, and agrees with their ranges."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from omegaconf import OmegaConf

from sim.config.load import CONFIG_DIR, compose_config, to_run_config
from sim.config.schema import CONTRIBUTION_BASES, FUND_FINANCING_MODES
from sim.config.uncertainties import (
    DEFAULT_PATH,
    LEVER,
    Choice,
    Uncertainty,
    for_design,
    levers,
    load_entries,
    load_uncertainties,
    markdown_table,
    select,
    uncertainties,
)
from sim.config.validate import ConfigError, validate

SCENARIOS = sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml"))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "sensitivity.md"


@pytest.fixture(scope="module")
def shipped() -> list[Uncertainty]:
    return load_uncertainties()


def test_shipped_file_loads(shipped: list[Uncertainty]) -> None:
    assert len(shipped) >= 10
    names = [u.name for u in shipped]
    assert len(names) == len(set(names))
    # the parameters the brief asks for (parameters.md section 6 and the key levers)
    for name in ("takeup", "sales_share", "exit_rate", "exit_to_ordinary", "activity_pace", "launch_delay"):
        assert name in names
    for name in ("excluded_to_cpas", "displacement", "local_multiplier", "contribution_share", "running_costs"):
        assert name in names


@pytest.mark.parametrize("design", SCENARIOS)
def test_paths_exist_and_ranges_agree(shipped: list[Uncertainty], design: str) -> None:
    cfg = compose_config([f"scenario={design}"])
    for u in for_design(shipped, design):
        assert u.path.endswith(".value"), f"{u.name}: path must end at a Param's value"
        value = OmegaConf.select(cfg, u.path, default=None)
        assert value is not None, f"{u.name}: {u.path} is not in the composed config of scenario={design}"
        param = OmegaConf.select(cfg, u.path.rsplit(".", 1)[0])
        assert param.get("range") is not None, f"{u.name}: the Param at {u.path} has no range in configs/"
        assert [float(v) for v in param.range] == [u.low, u.high], (
            f"{u.name}: uncertainties.yaml range {[u.low, u.high]} differs from the Param's range "
            f"{list(param.range)} at {u.path} (scenario={design})"
        )
        # operator paths go by list position: the source names the operator meant
        match = re.search(r"operators\.(\d+)\.", u.path)
        if match:
            operator = cfg.scenario.operators[int(match.group(1))].name
            assert operator in u.source, f"{u.name}: {u.path} is operator {operator}, not named in its source"


@pytest.mark.parametrize("design", SCENARIOS)
@pytest.mark.parametrize("end", ["low", "high"])
def test_overrides_compose_and_validate(shipped: list[Uncertainty], design: str, end: str) -> None:
    applicable = for_design(shipped, design)
    if not applicable:
        pytest.skip(f"no uncertainty applies to {design}")
    values = {u.name: getattr(u, end) for u in applicable}
    cfg = compose_config([f"scenario={design}", *(u.override(values[u.name]) for u in applicable)])
    for u in applicable:
        assert OmegaConf.select(cfg, u.path) == pytest.approx(u.applied(values[u.name]))
    validate(to_run_config(cfg))


@pytest.mark.parametrize("design", SCENARIOS)
def test_whole_months_are_sampled_as_whole_numbers(shipped: list[Uncertainty], design: str) -> None:
    # the validator refuses a fraction of a Months duration: a sampled one must be rounded
    cfg = to_run_config(compose_config([f"scenario={design}"]))
    for u in for_design(shipped, design):
        param = cfg
        for part in u.path.split(".")[:-1]:
            param = param[int(part)] if part.isdigit() else getattr(param, part)
        kind = type(param)
        assert u.integer == kind.whole, f"{u.name}: integer must be {kind.whole} for a {kind.__name__}"


def test_designs_listed_are_where_the_path_exists(shipped: list[Uncertainty]) -> None:
    # scenario keys of one design only (ebe, fund: full transposition and the scenarios built on
    # it; operators: existing actors) must not be listed for the others
    kinds = {name: compose_config([f"scenario={name}"]).scenario.design for name in SCENARIOS}
    for u in shipped:
        if u.path.startswith(("scenario.ebe.", "scenario.fund.")):
            assert u.designs and {kinds[d] for d in u.designs} == {"full_transposition"}, u.name
        if u.path.startswith("scenario.operators."):
            assert u.designs and {kinds[d] for d in u.designs} == {"existing_actors"}, u.name


def test_override_format() -> None:
    u = Uncertainty("t", "scenario.volunteering.takeup.value", 0.15, 0.5, "l", "l", "share", "s")
    assert u.override(0.1 + 0.2) == "scenario.volunteering.takeup.value=0.30000000000000004"
    assert u.override(1e-7) == "scenario.volunteering.takeup.value=1e-07"
    months = Uncertainty("d", "scenario.ebe.launch_delay_months.value", 6, 24, "l", "l", "months", "s", integer=True)
    assert months.override(6.5) == "scenario.ebe.launch_delay_months.value=7"  # half up, not to even
    assert months.override(7.5) == "scenario.ebe.launch_delay_months.value=8"
    assert months.override(12.49) == "scenario.ebe.launch_delay_months.value=12"
    assert months.applied(23.7) == 24.0
    with pytest.raises(ValueError, match="cannot override"):
        u.override(float("nan"))


def test_small_floats_compose() -> None:
    # repr may use an exponent; Hydra must still read it as a float
    u = Uncertainty("j", "behaviour.job_separation.value", 0.0, 0.1, "l", "l", "p", "s")
    cfg = compose_config([u.override(1e-5)])
    assert cfg.behaviour.job_separation.value == 1e-5


def test_select(shipped: list[Uncertainty]) -> None:
    assert select(shipped, None) == shipped
    chosen = select(shipped, ["sales_share", "takeup"])
    assert [u.name for u in chosen] == ["sales_share", "takeup"]
    with pytest.raises(ConfigError, match=r"unknown uncertainties \['tak'\]; accepted: \[.*'takeup'"):
        select(shipped, ["tak", "takeup"])
    with pytest.raises(ConfigError, match="more than once"):
        select(shipped, ["takeup", "takeup"])
    with pytest.raises(ConfigError, match="empty list"):
        select(shipped, [])


def test_for_design(shipped: list[Uncertainty]) -> None:
    names = [u.name for u in for_design(shipped, "status_quo")]
    assert "takeup" not in names and "job_finding_base" in names
    assert "launch_delay" in [u.name for u in for_design(shipped, "full_transposition")]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "u.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """  - name: takeup
    path: scenario.volunteering.takeup.value
    range: [0.15, 0.50]
    label_fr: b
    label_en: a
    unit: share
    source: s
"""


def test_loader_reads_a_minimal_file(tmp_path: Path) -> None:
    (u,) = load_uncertainties(_write(tmp_path, "uncertainties:\n" + ENTRY))
    assert (u.name, u.low, u.high, u.designs, u.integer) == ("takeup", 0.15, 0.5, None, False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("uncertainties:\n" + ENTRY.replace("range: [0.15, 0.50]", "range: [0.5, 0.15]"), r"range = \[0.5, 0.15\]"),
        ("uncertainties:\n" + ENTRY.replace("range: [0.15, 0.50]", "range: [0.1, x]"), r"range = \[0.1, 'x'\]"),
        ("uncertainties:\n" + ENTRY.replace("range: [0.15, 0.50]", "range: [0.1]"), r"range = \[0.1\]"),
        (
            "uncertainties:\n" + ENTRY.replace("unit: share\n", "unit: share\n    colour: red\n"),
            r"unknown keys \['colour'\]; accepted",
        ),
        ("uncertainties:\n" + ENTRY.replace("    unit: share\n", ""), r"missing keys \['unit'\]"),
        ("uncertainties:\n" + ENTRY + ENTRY, r"name = 'takeup': duplicate name"),
        ("uncertainties:\n" + ENTRY.replace("name: takeup", "name: Take-up"), "snake_case"),
        (
            "uncertainties:\n" + ENTRY + "    designs: [full_transposition, utopia]\n",
            r"unknown scenarios \['utopia'\]; accepted",
        ),
        ("uncertainties:\n" + ENTRY + "    integer: maybe\n", "expected true or false"),
        ("uncertainties:\n" + ENTRY.replace("label_fr: b", "label_fr: ''"), r"label_fr: expected a non-empty string"),
        ("uncertainties: {takeup: 1}\n", "top-level key 'uncertainties' holding a list"),
        ("uncertainties:\n" + ENTRY + "extra: 1\n", r"unknown top-level keys \['extra'\]"),
        ("uncertainties: [\n", "not valid YAML"),
        ("uncertainties: []\n", "uncertainties is empty"),
    ],
)
def test_loader_errors_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        load_uncertainties(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="uncertainties file not found"):
        load_uncertainties(tmp_path / "nowhere.yaml")


def test_docs_table_is_generated_from_the_file(shipped: list[Uncertainty]) -> None:
    table = markdown_table(shipped)
    for u in shipped:
        assert f"`{u.name}`" in table and f"`{u.path}`" in table
    assert "(whole months)" in table
    assert DEFAULT_PATH.is_file()
    # docs/sensitivity.md embeds this exact table (regenerate it after editing the YAML)
    assert table in DOCS.read_text(encoding="utf-8"), "docs/sensitivity.md table is out of date: regenerate it"


# --------------------------------------------------------------------------- levers and uncertainties
def test_every_shipped_entry_says_whether_it_is_a_lever_or_an_uncertainty() -> None:
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))["uncertainties"]
    assert [entry["name"] for entry in raw if "kind" not in entry] == []
    entries = load_entries()
    assert [e.name for e in levers()] + [e.name for e in uncertainties()] == [
        e.name for e in sorted(entries, key=lambda e: e.kind != LEVER)
    ]
    assert {"contribution_share", "art60_places", "financing", "deficit_top_up"} <= {e.name for e in levers()}
    assert {"takeup", "sales_share", "exit_rate", "displacement", "job_finding_base"} <= {
        u.name for u in uncertainties()
    }


def test_the_kind_does_not_change_what_experiments_sample(shipped: list[Uncertainty]) -> None:
    # file order is the sample's column order: the default set of a design must not move
    assert [u.name for u in for_design(shipped, "full_transposition")] == [
        "takeup",
        "contribution_share",
        "running_costs",
        "sales_share",
        "exit_rate",
        "exit_to_ordinary",
        "activity_pace",
        "preparation",
        "launch_delay",
        "displacement",
        "local_multiplier",
        "excluded_to_cpas",
        "job_finding_base",
        "duration_elasticity",
    ]
    assert all(isinstance(u, Uncertainty) for u in shipped)


@pytest.mark.parametrize("design", SCENARIOS)
def test_choices_are_settings_of_the_design_and_each_composes(design: str) -> None:
    cfg = compose_config([f"scenario={design}"])
    for choice in (e for e in load_entries() if isinstance(e, Choice) and e.applies_to(design)):
        value = OmegaConf.select(cfg, choice.path, default=None)
        assert value in choice.choices, f"{choice.name}: {choice.path} = {value!r} is not one of {choice.choices}"
        for option in choice.choices:
            written = str(option).lower() if isinstance(option, bool) else option
            assert (
                OmegaConf.select(compose_config([f"scenario={design}", f"{choice.path}={written}"]), choice.path)
                == option
            )


def test_choices_are_the_options_the_validator_accepts() -> None:
    by_name = {e.name: e for e in load_entries()}
    assert by_name["financing"].choices == FUND_FINANCING_MODES
    assert by_name["contribution_basis"].choices == CONTRIBUTION_BASES
    assert by_name["deficit_top_up"].choices == (True, False)


CHOICE = """  - name: financing
    kind: lever
    path: scenario.fund.financing
    choices: [fixed_shares, savings]
    label_fr: b
    label_en: a
    source: s
"""


def test_loader_reads_levers_with_choices(tmp_path: Path) -> None:
    path = _write(tmp_path, "uncertainties:\n" + ENTRY + CHOICE)
    (u, choice) = load_entries(path)
    assert (u.kind, choice.kind, choice.choices) == ("uncertainty", "lever", ("fixed_shares", "savings"))
    assert load_uncertainties(path) == [u] and levers(path) == [choice] and uncertainties(path) == [u]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            ENTRY.replace("name: takeup\n", "name: takeup\n    kind: maybe\n"),
            r"kind = 'maybe': expected lever or uncertainty",
        ),
        (CHOICE.replace("[fixed_shares, savings]", "[savings]"), r"choices = \['savings'\]: expected a list of two"),
        (CHOICE.replace("[fixed_shares, savings]", "[1, 2]"), r"choices = \[1, 2\]: expected names or true/false"),
        (CHOICE + "    unit: share\n", r"unknown keys \['unit'\]"),
        (CHOICE.replace("    source: s\n", ""), r"missing keys \['source'\]"),
    ],
)
def test_loader_errors_of_kinds_and_choices(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_entries(_write(tmp_path, "uncertainties:\n" + text))


def test_docs_list_the_levers_with_choices() -> None:
    table = markdown_table([e for e in load_entries() if isinstance(e, Choice)])
    assert "| `deficit_top_up` | lever |" in table and "true / false" in table
    assert table in DOCS.read_text(encoding="utf-8"), "docs/sensitivity.md choices table is out of date: regenerate it"
