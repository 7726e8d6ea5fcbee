"""Hand-written fakes of the ports Frontdesk talks to, used instead of mock.patch.

Import each fake from its own module (`from tests.fakes.bot_api import FakeBotApi`), so loading
one fake never pulls in another's dependencies.
"""
