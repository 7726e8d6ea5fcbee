"""The Telegram channel: python-telegram-bot and aiogram adapters, thin translators to the engine.

``common`` translates updates and replies, ``receiver`` feeds updates to the runtime (inbox,
files, notices), ``sender`` delivers outbox rows, ``channel`` starts it all inside the app's
event loop, and ``routes`` is the webhook. ``FRONTDESK_TELEGRAM_LIBRARY`` picks ``ptb.py`` or
``aiogram_.py``.
"""
