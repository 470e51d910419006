"""Views of the queries app: one module per part (see urls/)."""
