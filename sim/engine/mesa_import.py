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

Mesa also names the logger of each of its modules from the calling frame, with
``inspect.stack()`` and ``inspect.getouterframes()``, which read the source file of every frame
of the import chain and scan ``sys.modules`` for each: a seventh of a second of every start-up.
While Mesa's modules are first imported, :func:`import_mesa` gives ``mesa.mesa_logging`` a
stand-in for :mod:`inspect` that finds the same frames, names and modules without reading any
source, then puts the real one back; the loggers are the same.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import inspect
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


class _FramesWithoutSource(types.ModuleType):
    """:mod:`inspect` for ``mesa.mesa_logging``: frames, function names and modules, no source."""

    def __init__(self) -> None:
        super().__init__("inspect")

    def __getattr__(self, attribute: str) -> object:
        return getattr(inspect, attribute)

    @staticmethod
    def currentframe() -> types.FrameType:
        return sys._getframe(1)

    @staticmethod
    def getouterframes(frame: types.FrameType, context: int = 1) -> list[inspect.FrameInfo]:
        frames = []
        while frame is not None:
            code = frame.f_code
            frames.append(inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None))
            frame = frame.f_back
        return frames

    @classmethod
    def stack(cls, context: int = 1) -> list[inspect.FrameInfo]:
        return cls.getouterframes(sys._getframe(1), context)

    @staticmethod
    def getmodule(obj: object, _filename: str | None = None) -> types.ModuleType | None:
        if isinstance(obj, types.FrameType):
            return sys.modules.get(obj.f_globals.get("__name__", ""))
        return inspect.getmodule(obj, _filename)


def import_mesa() -> types.ModuleType:
    """``import mesa``, its spaces deferred (:func:`defer_mesa_spaces`) and its loggers named
    without reading source files; the module."""
    if "mesa" in sys.modules:
        return sys.modules["mesa"]
    defer_mesa_spaces()
    mesa_logging = _load_before_its_package("mesa.mesa_logging")
    mesa_logging.inspect = _FramesWithoutSource()
    try:
        import mesa
    finally:
        mesa_logging.inspect = inspect
    mesa.mesa_logging = mesa_logging  # the attribute the import system sets when it loads a submodule
    return mesa


def _load_before_its_package(name: str) -> types.ModuleType:
    """Execute the submodule ``name`` (which imports nothing of its package) and register it,
    without running its package's ``__init__``: the package's own imports then find it loaded."""
    package, _, _ = name.rpartition(".")
    locations = importlib.util.find_spec(package).submodule_search_locations
    spec = importlib.machinery.PathFinder.find_spec(name, locations)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
