"""Reads for queries and the help centre, already scoped to who asks: one module per part."""
