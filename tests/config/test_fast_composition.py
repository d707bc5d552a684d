"""Composing faster (sim/config/fast_composition.py) reads, composes and writes what OmegaConf does."""

from __future__ import annotations

import typing

import pytest
import yaml
from omegaconf import OmegaConf

from sim.config import fast_composition
from sim.config.load import compose_config
from sim.config.locations import CONFIG_DIR, EXPERIMENTS_DIR

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
COMPOSITIONS = [
    ["territory=pilot"],
    ["scenario=existing_actors", "territory=coeur_du_hainaut"],
    ["scenario=walloon_pilot", "territory=walloon_framework", "start=2023-04"],
    ["policy=france", "territory=france_reference", "behaviour=fitted_france"],
]
FILES = sorted([*CONFIG_DIR.rglob("*.yaml"), *EXPERIMENTS_DIR.rglob("*.yaml")])


def _typed(value: object) -> object:
    """``value`` with the type of every scalar kept, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {_typed(key): _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


def test_every_file_is_found() -> None:
    # guards the parametrisation below: an empty glob would test nothing
    assert len(FILES) > 30
    assert CONFIG_DIR / "policy" / "belgium_2027.yaml" in FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_loads_to_the_same_values_and_types(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _typed(yaml.load(text, Loader=fast_composition.c_loader())) == _typed(
        yaml.load(text, Loader=fast_composition.pure_loader())
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x: 1e3", ("float", 1000.0)),  # OmegaConf's float resolver (PyYAML's own reads a string)
        ("x: 2027-01-01", ("str", "2027-01-01")),  # no timestamps
        ("x: '2027-01'", ("str", "2027-01")),
        ("x: 1_000", ("int", 1000)),
        ("x: .inf", ("float", float("inf"))),
        ("x: null", ("NoneType", None)),
        ("x: yes", ("bool", True)),  # YAML 1.1, as OmegaConf reads it
    ],
)
def test_the_rules_omegaconf_adds_are_kept(text: str, expected: tuple) -> None:
    for loader in (fast_composition.c_loader(), fast_composition.pure_loader()):
        assert _typed(yaml.load(text, Loader=loader)["x"]) == expected, loader


def test_a_key_written_twice_is_refused_with_omegaconfs_words() -> None:
    text = "a: 1\nb: 2\na: 3\n"
    messages = []
    for loader in (fast_composition.c_loader(), fast_composition.pure_loader()):
        with pytest.raises(yaml.constructor.ConstructorError) as raised:
            yaml.load(text, Loader=loader)
        messages.append(raised.value.problem)
    assert messages == ["found duplicate key a", "found duplicate key a"]


def test_omegaconf_uses_libyaml_and_cached_hints_once_the_schema_is_registered(tmp_path) -> None:
    import omegaconf._utils as omegaconf_utils
    from omegaconf import basecontainer

    from sim.config.schema import register_configs

    register_configs()  # what every composition does first
    assert omegaconf_utils.get_yaml_loader() is fast_composition.c_loader()
    assert basecontainer.get_yaml_loader() is fast_composition.c_loader()
    # libyaml's parser, with OmegaConf's own loader class (and so its rules) behind it
    loader = fast_composition.c_loader()
    assert loader.__mro__[1] is yaml.cyaml.CParser
    assert loader.construct_mapping.__qualname__ == "get_yaml_loader.<locals>.OmegaConfLoader.construct_mapping"
    assert omegaconf_utils.get_type_hints is fast_composition._type_hints
    (tmp_path / "c.yaml").write_text("a: 1e3\nb: [1, 2]\nc: 2027-01-01\n", encoding="utf-8")
    assert OmegaConf.to_container(OmegaConf.load(tmp_path / "c.yaml")) == {"a": 1000.0, "b": [1, 2], "c": "2027-01-01"}


@pytest.mark.parametrize("overrides", COMPOSITIONS)
def test_a_composed_configuration_dumps_to_the_text_omegaconf_writes(overrides: list[str]) -> None:
    cfg = compose_config(overrides)
    container = OmegaConf.to_container(cfg, resolve=True, enum_to_str=True)
    assert fast_composition.to_yaml(container) == OmegaConf.to_yaml(cfg, resolve=True)


def test_hints_are_read_once_per_class_and_handed_out_as_copies() -> None:
    from sim.config.params import Param

    first = fast_composition._type_hints(Param)
    first["value"] = None  # a caller changing its copy changes nothing for the next
    assert fast_composition._type_hints(Param) == typing.get_type_hints(Param)
    assert fast_composition._class_hints.cache_info().hits >= 1


@pytest.mark.parametrize("overrides", COMPOSITIONS)
def test_a_composition_is_the_same_with_omegaconfs_own_loader_and_hints(monkeypatch, overrides: list[str]) -> None:
    fast = compose_config(overrides)
    monkeypatch.setattr(fast_composition, "install", lambda: None)  # compose_config would install them again
    fast_composition.uninstall()
    try:
        own = compose_config(overrides)
    finally:
        monkeypatch.undo()
        fast_composition.install()
    assert OmegaConf.to_yaml(fast) == OmegaConf.to_yaml(own)
    assert _typed(OmegaConf.to_container(fast, resolve=True)) == _typed(OmegaConf.to_container(own, resolve=True))
    assert OmegaConf.get_type(fast.policy) is OmegaConf.get_type(own.policy)
