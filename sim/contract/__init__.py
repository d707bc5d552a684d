"""The results contract: every file, column and key the simulator writes, with unit and definition.

:mod:`~sim.contract.dictionary` reads ``dictionary.yaml`` and conforms the Parquet files to it;
:mod:`~sim.contract.markdown` renders it as docs/results.md.
"""
