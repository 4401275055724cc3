"""Compiled execution: selection sets run as precompiled plans instead of per-field machinery."""
