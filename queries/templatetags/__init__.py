"""Template tags of the queries app."""
