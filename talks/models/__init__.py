from .pages import ConferencePage, DayPage, TalkPage, TalkPageTag, TalkSpeaker
from .speakers import Speaker

__all__ = ["ConferencePage", "DayPage", "Speaker", "TalkPage", "TalkPageTag", "TalkSpeaker"]
