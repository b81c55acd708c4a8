"""Archipelago: a static content hub and podcast publisher built on MkDocs."""

__version__ = "0.1.0"
