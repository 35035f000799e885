"""Polymath: a learning tracker and skill-stack planner for polymaths."""

__version__ = "0.2.0"
