"""The staff console's JSON API (``/api/staff``) and, beside it, the console pages."""
