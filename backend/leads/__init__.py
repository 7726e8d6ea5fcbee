"""Public-interest leads (公益诉讼线索, "随手拍"): intake into the queue, thanks when acted on.

``register`` adds the flow's effect and the ``lead`` queue kind to a process (called by
``backend.wiring``). A lead lands in the 公益诉讼 team's queue (``backend/teams/teams.yaml``).
"""

from __future__ import annotations

from backend.effects import EffectRegistry


def register(effects: EffectRegistry) -> None:
    """The ``submit_lead`` effect and the ``lead`` queue kind."""
    from backend.leads import intake, kind

    effects.register("submit_lead", intake.submit_lead)
    kind.register()
