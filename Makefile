# The two commands of the README, plus a few conveniences. Each target sets up .venv first.
.PHONY: setup main test test-slow lint format bench bench-startup clean-venv

setup:
	@scripts/bootstrap.sh

main: setup
	.venv/bin/tzcld-main

test: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/pytest -q -n 2 -m "not slow"

# The slow tier: statistical oracles against the per-agent reference, property-based invariants,
# command-line fuzzing, the optional launchers, the main job as a process (CI runs it after test).
test-slow: setup
	.venv/bin/pytest -q -n 2 -m slow

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: setup
	.venv/bin/python benchmarks/bench_engine.py

bench-startup: setup
	.venv/bin/python benchmarks/bench_startup.py

clean-venv:
	rm -rf .venv
