"""Text messages (SMS), the portal's base for every app: the provider backends, the delivery ledger,
quiet hours, the daily cap, segment counting and the provider's webhook.

Apps decide who is told what and when (events: reminders and shift messages); this package
decides whether and how a text goes out, and records every one before it is sent.
"""
