"""Benchmarks for kkletter's performance targets (not timed tests): `python -m benchmarks`."""
