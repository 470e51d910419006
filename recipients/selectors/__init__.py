"""Reads of the direct payment record, already scoped to who is asking and already joined.

One module per part of the record; callers import the module
(`from recipients.selectors import record; record.recipient_list(fetched_by=...)`).
"""
