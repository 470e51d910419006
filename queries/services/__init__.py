"""Writes and rules for queries and the help centre: one module per part, imported by module."""
