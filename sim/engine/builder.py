"""One world builder for the fast engine and the per-agent reference.

Both implementations of a world get their rules, institutions and accounts from
:func:`build_world`: the scenario with the policy's legislated funding, the payers, the local
businesses, the micro-territories' EBEs with their roll-out and their fund (full transposition),
the operators (existing actors) and a ledger with every account. What either implementation
does with them month by month is its own; what it is made of cannot differ.
"""

from __future__ import annotations

import hashlib

import mesa

from sim import accounts as acc
from sim.calendar import parse_month
from sim.config.schema import Design, PolicyConfig, RunConfig
from sim.config.territories import ebe_areas
from sim.engine.ebe import EmploymentEnterprise
from sim.engine.firms import LocalBusiness
from sim.engine.fund import Fund
from sim.engine.operators import Operator, hiring_aid_programmes, programme_multipliers
from sim.engine.payers import Payer
from sim.engine.rollout import selection_months, territory_values
from sim.ledger import Ledger
from sim.rules.scheme import legislated_scenario

WORLDS = ("scenario", "twin")


def rules_key(policy: PolicyConfig) -> str:
    """What identifies a policy's rules: a digest of every value it holds (its dataclasses'
    ``repr``, which writes each float exactly), so runs composed alike share their payslips
    (:func:`sim.engine.flows.pay_of`) and a policy changed between two runs never does."""
    return hashlib.blake2b(repr(policy).encode("utf-8"), digest_size=16).hexdigest()


def build_world(model: mesa.Model, cfg: RunConfig, world: str) -> None:
    """Give ``model`` the declared attributes of one world (see :class:`sim.engine.world.World`).

    Args:
        model: The Mesa model being built (its agents register with it).
        cfg: The run configuration.
        world: ``"scenario"`` or ``"twin"``; the twin always applies the status quo.

    Raises:
        ValueError: For a world name other than ``scenario`` or ``twin``.
    """
    if world not in WORLDS:
        raise ValueError(f"world = {world!r}: expected one of {', '.join(WORLDS)}")
    model.cfg = cfg
    model.world = world
    model.design = cfg.scenario.design if world == "scenario" else Design.status_quo
    # a policy that legislates the scheme's funding (France) replaces the scenario's fund rules
    model.scenario = legislated_scenario(cfg.scenario, cfg.policy)
    model.territory = cfg.territory
    model.policy = cfg.policy
    model.policy_key = rules_key(cfg.policy)
    model.behaviour = cfg.behaviour
    model.seed = cfg.seed
    model.start_index = parse_month(cfg.start)
    model.t = 0

    model.payers = [Payer(model, spec) for spec in cfg.policy.payers]
    model.payer_names = [p.name for p in model.payers]
    model.firms = [LocalBusiness(model, sector) for sector in cfg.territory.sectors]
    model.ebes = []
    model.fund = None
    if model.design == Design.full_transposition:
        # one EBE per micro-territory, selected in waves, each with its own draws (sim.engine.rollout)
        areas = ebe_areas(cfg.territory)
        selected = selection_months(cfg, areas)
        values = territory_values(cfg, len(areas.labels))
        model.ebes = [
            EmploymentEnterprise(
                model, i, float(areas.inhabitants[i]), model.scenario.ebe, cfg.pipeline,
                label=areas.labels[i], selected_month=int(selected[i]), values=values[i],
            )
            for i in range(len(areas.labels))
        ]  # fmt: skip
        model.fund = Fund(model.scenario.fund, cfg.policy.routing.fund, len(model.ebes), model.start_index)
    model.operators = []
    if model.design == Design.existing_actors:
        jobseekers = cfg.territory.jobseekers.value
        model.operators = [Operator(model, i, op, jobseekers) for i, op in enumerate(model.scenario.operators)]
    model.programme_multipliers = programme_multipliers(model.operators)
    model.hiring_aid_programmes = hiring_aid_programmes(model.operators)

    accounts = {name: acc.PAYER for name in model.payer_names}
    accounts |= {e.name: acc.EBE for e in model.ebes} | {op.name: acc.OPERATOR for op in model.operators}
    accounts |= {
        acc.HOUSEHOLDS: acc.HOUSEHOLD,
        acc.LOCAL_BUSINESSES: acc.FIRM,
        acc.LOCAL_CUSTOMERS: acc.OTHER,
        acc.REST_OF_ECONOMY: acc.OTHER,
    }
    model.ledger = Ledger(accounts)
