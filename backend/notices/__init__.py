"""Notices that reach citizens who left the web chat: Web Push and SMS.

Both are senders that drain the same outbox as Telegram (``backend.delivery.OutboxWorker``),
with its claims, leases, retries and back-off. ``away.reach_if_away`` decides, in the
transaction that writes a message, whether the citizen also gets a push and an SMS.
"""
