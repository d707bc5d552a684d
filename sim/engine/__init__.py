"""The simulation engine: everything that simulates a world month by month.

Layers import downwards only: :mod:`sim.config` (what a run is) → :mod:`sim.rules` (the law and
the hazards, as functions of parameters and dates) → this package (people, institutions, the
month cycle, the paired run, the indicators) → :mod:`sim.outputs` and the entry points.

Where things are (see docs/architecture.md for the whole map):

- :mod:`~sim.engine.world`: the declared world (what engine functions may read and change), the
  month's counters and the order of a month;
- :mod:`~sim.engine.builder`: the one world builder (rules, institutions, accounts);
- :mod:`~sim.engine.model`: the fast Mesa model; :mod:`~sim.engine.reference`: the per-agent one;
- people: :mod:`~sim.engine.population`, :mod:`~sim.engine.state`, :mod:`~sim.engine.jobseeker`,
  :mod:`~sim.engine.random_streams`, :mod:`~sim.engine.events`, :mod:`~sim.engine.transitions`,
  :mod:`~sim.engine.volunteering`;
- institutions: :mod:`~sim.engine.ebe`, :mod:`~sim.engine.operators`, :mod:`~sim.engine.fund`,
  :mod:`~sim.engine.payers`, :mod:`~sim.engine.firms`;
- money and comparisons: :mod:`~sim.engine.flows`, :mod:`~sim.engine.income`,
  :mod:`~sim.engine.paired`, :mod:`~sim.engine.indicators`.
"""

from sim.engine.mesa_import import import_mesa

import_mesa()
