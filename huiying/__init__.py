"""huiying (回应): hear the public, answer on time, on the record."""

__version__ = "0.1.0"
