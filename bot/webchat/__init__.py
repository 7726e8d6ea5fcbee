"""The web chat channel: a static page and its JSON + Server-Sent Events API."""
