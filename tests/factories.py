"""Factories for the notes page tree; each page is created live under its parent."""

import datetime
import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from talks.models import ConferencePage, DayPage, Speaker, TalkPage, TalkSpeaker


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    live = True


class ConferencePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ConferencePage

    title = factory.Sequence(lambda n: f"Conference {n}")
    start_date = datetime.date(2026, 6, 4)
    end_date = datetime.date(2026, 6, 6)
    location = "Porto"


class DayPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DayPage

    title = factory.Sequence(lambda n: f"Day {n}")


class TalkPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TalkPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Talk {n}")
    summary = "What the talk was about."

    @factory.post_generation
    def speakers(self, create, speakers, **kwargs):
        if not speakers:
            return
        for index, speaker in enumerate(speakers):
            TalkSpeaker.objects.create(talk=self, speaker=speaker, sort_order=index)


def make_image(title: str = "Stage", filename: str = "stage.png", size=(1200, 800)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#336699").save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=filename)
    image.save()
    return image


def make_user(username: str, group: str | None = None, superuser: bool = False):
    """A user with the password "password", in one of the roles the migrations create."""
    from django.contrib.auth.models import Group, User

    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "password")
    user = User.objects.create_user(username, f"{username}@example.com", "password")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
