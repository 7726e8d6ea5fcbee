"""What can go wrong in a staff action, as a small hierarchy the API translates at its edge.

::

    StaffError
    ├── NotAuthenticated   no session, an expired one, or bad credentials   (401)
    ├── Forbidden          the role may not do this; a forged CSRF token      (403)
    ├── NotFound           no such item, attachment or user                   (404)
    ├── Conflict           claimed by someone else; a transition not allowed  (409)
    ├── Invalid            a value the action cannot accept                   (422)
    └── Locked             too many failed logins; ``retry_after`` seconds    (429)
"""

from __future__ import annotations


class StaffError(Exception):
    """A staff action refused with a stable ``code`` and a clear ``message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class NotAuthenticated(StaffError):
    """No valid session, or the credentials do not match."""


class Forbidden(StaffError):
    """The user's role does not allow this, or the CSRF token is missing or wrong."""


class NotFound(StaffError):
    """The item, attachment or user does not exist."""


class Conflict(StaffError):
    """The action clashes with the item's state or with someone else's claim."""


class Invalid(StaffError):
    """The request carries a value the action cannot accept."""


class Locked(StaffError):
    """Too many failed logins: the account or the address waits ``retry_after`` seconds."""

    def __init__(self, code: str, message: str, retry_after: int) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after
