"""Forms of the direct payment record, one module per part (`forms/documents.py`, `forms/checkups.py`, ...)."""
