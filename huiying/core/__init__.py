"""Pure text and analysis layer: imports nothing from Django.

Every stage here takes plain data and gives plain data, so the batch command,
the benchmarks and the Django apps all run the very same code.
"""
