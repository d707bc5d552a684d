"""The experiment files, shipped as the data package ``sim.experiment_files`` (see setup.py)."""
