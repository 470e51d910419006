"""Forms of the recipients app, one module per area."""
