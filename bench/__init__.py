"""Benchmarks run against a live slotgraph server (`make bench`)."""
