"""Forms of the queries app: one module per part. They check the shape of what was typed; rules are in services."""
