"""Synthetic data for demos, tests and benchmarks: a fictional city's public work
(corpus), the demo office (office) and a local feed server that keeps publishing
(feedserver). Plain Python: nothing here imports Django."""
