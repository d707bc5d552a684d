"""Experiments: designs of runs, sampling of uncertainties, sensitivity analysis and scenario discovery."""
