"""Every write to the direct payment record, with its rules (docs/domain.md#rules).

One module per part of the record; callers import the module
(`from recipients.services import money_records; money_records.balance_record(...)`).
"""
