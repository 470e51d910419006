"""Template filters for the record pages: money as people write it."""

from django import template

from dpss import formatting

register = template.Library()
register.filter("pounds", formatting.pounds)
