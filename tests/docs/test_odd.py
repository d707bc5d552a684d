"""docs/odd.md names every agent class of the engine and every step the month cycle calls.

The lists come from the code (its syntax tree), not from a copy: an agent class or a step added
to the month makes this test fail until docs/odd.md describes it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ODD = ROOT / "docs" / "odd.md"
ENGINE = ROOT / "sim" / "engine"
# The month cycle: the functions whose calls are the month's scheduled steps.
CYCLE = {"world.py": ("MonthlyWorld", ("step", "end_month")), "model.py": ("TZCLDModel", ("begin_month",))}
# Roots of the calls that are steps: the engine's modules and the world's own objects.
STEP_ROOTS = {"self", "transitions", "operators", "ebe", "flows", "volunteering", "income"}
NOT_STEPS = {"append", "get"}  # list and dict bookkeeping, not steps


def _code_names(text: str) -> set[str]:
    """Every dotted name inside backticks, and each of its parts."""
    names = set()
    for span in re.findall(r"`([^`]+)`", text):
        for token in re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", span):
            names.add(token)
            names.update(token.split("."))
    return names


def agent_classes() -> set[str]:
    """Classes of sim/engine/ deriving from mesa.Agent."""
    found = set()
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(ast.unparse(b) in ("mesa.Agent", "Agent") for b in node.bases):
                found.add(node.name)
    return found


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def scheduled_steps() -> dict[str, str]:
    """Each step called by the month cycle -> where it is called from."""
    steps = {}
    for file, (cls, methods) in CYCLE.items():
        tree = ast.parse((ENGINE / file).read_text(encoding="utf-8"))
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
        for method in (n for n in body.body if isinstance(n, ast.FunctionDef) and n.name in methods):
            for call in (n for n in ast.walk(method) if isinstance(n, ast.Call)):
                func = call.func
                if isinstance(func, ast.Attribute) and _root(func) in STEP_ROOTS and func.attr not in NOT_STEPS:
                    steps.setdefault(func.attr, f"{cls}.{method.name}")
    return steps


def test_the_lists_come_from_the_code() -> None:
    # a guard against a parser that finds nothing: the test would then pass vacuously
    assert {"Jobseeker", "EmploymentEnterprise", "Operator", "Payer", "LocalBusiness"} <= agent_classes()
    steps = scheduled_steps()
    assert {"admit", "sign_up", "hire", "settle", "finance", "update_firms", "close_month"} <= set(steps)


def test_every_agent_class_is_described() -> None:
    described = _code_names(ODD.read_text(encoding="utf-8"))
    missing = sorted(agent_classes() - described)
    assert not missing, f"docs/odd.md does not name the agent class(es) {missing}: describe them in section 2"


def test_every_scheduled_step_is_described() -> None:
    described = _code_names(ODD.read_text(encoding="utf-8"))
    missing = {step: where for step, where in scheduled_steps().items() if step not in described}
    assert not missing, f"docs/odd.md does not name these steps of the month (called by): {missing}; see section 3"


def test_the_odd_elements_are_there_in_order() -> None:
    headings = re.findall(r"^## (\d)\. (.+)$", ODD.read_text(encoding="utf-8"), re.M)
    assert [title for _, title in headings] == [
        "Purpose and patterns",
        "Entities, state variables and scales",
        "Process overview and scheduling",
        "Design concepts",
        "Initialization",
        "Input data",
        "Submodels",
    ]
