"""The version of the nsbox client, the same as nsbox's own (configure.ac)."""

__version__ = "0.1.0"
