"""Import Mesa without paying for its spaces.

``import mesa`` imports every submodule eagerly, among them ``mesa.discrete_space``, which pulls
scipy.spatial and networkx: about half a second of every command's start-up (benchmarks/
bench_startup.py). The engine uses Mesa's ``Model``, ``Agent`` and agent sets, no space. Before
Mesa's first import, :func:`defer_mesa_spaces` puts a stand-in for each space module in
``sys.modules``; the first attribute read on it (``mesa.discrete_space.OrthogonalMooreGrid``, a
``from mesa.discrete_space import ...``, a submodule import) imports the real module, which then
replaces the stand-in everywhere Mesa looks it up. Nothing else about Mesa changes.

(:class:`importlib.util.LazyLoader` cannot do this: the import statement reads the module's
``__spec__``, which makes a lazy module load at once.)
"""

from __future__ import annotations

import importlib
import sys
import types

# The spaces (scipy.spatial, networkx) and the experimental continuous space (scipy.spatial).
DEFERRED = ("mesa.discrete_space", "mesa.space", "mesa.experimental.continuous_space")


class _Deferred(types.ModuleType):
    """Stands for a module not imported yet; any attribute it lacks imports the real one.

    Dunder names other than ``__path__`` are not forwarded: tools that scan ``sys.modules``
    (``inspect.getmodule`` reads every module's ``__file__``) must not import it.
    """

    def __getattr__(self, attribute: str) -> object:
        if attribute.startswith("__") and attribute != "__path__":
            raise AttributeError(attribute)
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)


def defer_mesa_spaces() -> None:
    """Defer Mesa's space modules, unless Mesa is imported already (then: nothing to do)."""
    if "mesa" in sys.modules:
        return
    for name in DEFERRED:
        sys.modules.setdefault(name, _Deferred(name))
