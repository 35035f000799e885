"""Polymath: a learning tracker and skill-stack planner for polymaths."""

__version__ = "0.1.0"
