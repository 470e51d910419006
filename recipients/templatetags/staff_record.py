"""Template filters for the staff record pages: money as people write it."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def pounds(amount) -> str:
    """£1,540.00; a negative amount as −£25.00 (a minus sign, not "£-25.00"); blank for nothing."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)
    return f"−£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"
