"""How input arrived: online, or on paper, by phone or at an event and recorded by an
official (engage.assisted). Proposals and comments both carry it, so it lives above them."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    PHONE = "phone"
    EVENT = "event"


ASSISTED_CHANNELS = (Channel.PAPER, Channel.PHONE, Channel.EVENT)
