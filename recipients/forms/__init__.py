"""Forms of the direct payment record, one module per part (`forms/checkups.py`, ...)."""
