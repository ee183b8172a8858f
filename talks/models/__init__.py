from .pages import ConferencePage, DayPage, TalkPage, TalkPageTag
from .review_links import ReviewLink
from .speakers import Speaker, TalkSpeaker

__all__ = [
    "ConferencePage",
    "DayPage",
    "ReviewLink",
    "Speaker",
    "TalkPage",
    "TalkPageTag",
    "TalkSpeaker",
]
