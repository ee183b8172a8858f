from .pages import ConferencePage, DayPage, TalkPage, TalkPageTag
from .speakers import Speaker, TalkSpeaker

__all__ = ["ConferencePage", "DayPage", "Speaker", "TalkPage", "TalkPageTag", "TalkSpeaker"]
