"""The rules of the Belgian (or French) system, as pure functions of parameters and dates.

Each module holds one body of rules, so that "who pays the RIS" or "what an employer pays at the
minimum wage" is found by its name. The functions take scalars or numpy arrays alike, which lets
the vectorised engine and the per-agent reference model share them.
"""
