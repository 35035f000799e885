"""Property tests: any input, checked by the program or parser that consumes the output.

A package so that other test folders can use its consumers (``property.consumers``).
"""
