"""Argon2 with the cheapest parameters, for tests only: hashes stay real Argon2 (and are
checked as such) but creating a user costs milliseconds instead of 0.2 s."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
