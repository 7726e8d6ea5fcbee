"""The staff console's services: accounts and sessions, the queue, items, replies, live handoff.

Routes in ``bot/staff/`` stay thin and call these. Every action is checked against the
permission matrix (``permissions``) and written to the append-only audit log (``audit``).
"""
