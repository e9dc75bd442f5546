"""Benchmarks: `python -m bench.reports` times the network's reports on synthetic data."""
