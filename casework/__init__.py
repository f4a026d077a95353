"""Casework: case management for the rehabilitation and reintegration of violent extremist
offenders, returnees and their families, over an encrypted local vault."""

__version__ = "0.1.0"
