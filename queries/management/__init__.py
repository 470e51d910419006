"""Management commands of the queries app."""
