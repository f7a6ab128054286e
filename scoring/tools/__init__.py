"""Measuring and tuning tools: evaluation, benchmarks, corpus reading, rules diff and docs.

Only the CLI imports these; the engine never does.
"""
