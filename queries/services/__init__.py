"""Writes and rules for queries and the help centre: one module per part, imported by module.

The modules are layered: each imports only modules on lines below its own, never one above or beside it
(no import inside a function stands in for that). Top to bottom; modules on one line are independent of
each other:

    intake
    raising | requester | triage | escalation | closing | sla_alerts | canned_replies
    status
    survey
    timeline
    sla
    attachments | calendar | clocks | content | help | messages | query_checks | topics

`clocks` is pure computation (working time from a timeline, no database); `sla` stores what it gives;
`timeline.event_add` writes every event and brings the clocks up to date with `sla`, so the status moves,
the survey and everything above them write through `timeline`.
"""
