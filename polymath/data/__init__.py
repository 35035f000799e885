"""Shipped data: derived population statistics (see scripts/build_population.py)."""
