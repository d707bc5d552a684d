"""The Hydra configuration tree, shipped as the data package ``sim.configs`` (see setup.py)."""
