"""Calibration of the status quo: fitted hazards (``tzcld-calibrate``) and reference comparisons."""
