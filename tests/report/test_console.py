"""sim.report.console: the tables as terminal text, over the synthetic runs of conftest.py."""

from __future__ import annotations

import re

from sim.report import format_console, headline_table


def test_format_console(runset, budget):
    text = format_console(headline_table(runset.summaries), budget)
    assert "Headline indicators, pilot: mean [min–max] over 2 seeds" in text
    assert "12 [10–14]" in text  # volunteers, full transposition
    assert "8 (never 1/2)" in text  # months to exhaustivity
    assert "60.0 [50.0–70.0]" in text  # activation rate
    assert "Public money to the scheme / FTE-yr (k€)" in text
    # Gross by year and total: 2027 mean of 400 and 800, 2028 mean of 2000 and 4000.
    assert re.search(r"tzcld_fund\s+600\s+3,000\s+3,600", text)
    assert max(len(line) for line in text.splitlines()) <= 120


def test_format_console_wraps_to_width(runset):
    text = format_console(headline_table(runset.summaries), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.count("Existing actors") == 1 and text.count("Status quo") == 1
