"""The Python API, re-exported by :mod:`sim`: one run (:mod:`~sim.api.simulation`) and a study of
many (:mod:`~sim.api.experiments`). The EMA Workbench model is :func:`sim.ema.model`; the
console commands' entry points are in :mod:`~sim.api.commands`."""
