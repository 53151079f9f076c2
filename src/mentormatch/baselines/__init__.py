"""Baselines the optimum is compared with (not used by :func:`mentormatch.match`)."""
