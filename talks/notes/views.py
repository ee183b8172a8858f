"""Admin views: upload a notes file, preview (and steer) what it creates, confirm; export.

The uploaded file waits in the media storage between preview and confirm
(`talks.notes.uploads`), under a random token remembered in the editor's session, so
what is confirmed is exactly what was previewed, a large file never travels back
through the form, and any web container can take the confirmation.
"""

from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from talks.models import ConferencePage

from . import uploads
from .errors import NotesError
from .pages import export_conference, import_document, plan_import
from .permissions import can_export_notes, can_import_notes
from .reader import MAX_FILE_BYTES, ReadOptions, read_notes

logger = logging.getLogger(__name__)
SESSION_KEY = "notes_uploads"
STORAGE_DOWN = (
    "The media storage, where the file waits between preview and import, can't be "
    "reached right now; nothing was imported. Please try again in a few minutes."
)
TALK_LEVELS = [("", "Inferred from the headings"), *((str(n), "#" * n) for n in range(1, 7))]
DAYS = [
    ("", "Inferred (headings that name a day)"),
    ("yes", "Yes: the headings above the talks are days"),
    ("no", "No: one day"),
]


class NotesUploadForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text=f"A Markdown notes file (.md or .txt), up to {MAX_FILE_BYTES // 2**20} MB.",
    )
    title = forms.CharField(
        required=False, max_length=255, help_text="Leave empty to take it from the file."
    )
    talk_level = forms.TypedChoiceField(
        choices=TALK_LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
        label="Talk headings",
        help_text="Which heading level starts a talk.",
    )
    days = forms.ChoiceField(choices=DAYS, required=False, label="Days")
    publish = forms.BooleanField(
        required=False, help_text="Publish the pages; otherwise they are saved as drafts."
    )
    submit_for_moderation = forms.BooleanField(
        required=False, help_text="Submit the drafts to the moderation workflow."
    )
    upload = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, can_publish: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_publish:
            # An editor who may not publish isn't offered it.
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_FILE_BYTES // 2**20} MB; split it into parts."
            )
        return upload

    def options(self) -> ReadOptions:
        data = self.cleaned_data
        days = {"yes": True, "no": False}.get(data.get("days") or "")
        return ReadOptions(
            title=data.get("title") or "", talk_level=data.get("talk_level"), days=days
        )


class ImportNotesView(WagtailAdminTemplateMixin, FormView):
    form_class = NotesUploadForm
    template_name = "talks/admin/import_notes.html"
    page_title = "Import notes"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import_notes(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["can_publish"] = can_import_notes(self.request.user, publish=True)
        return kwargs

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        pending = self.request.session.get(SESSION_KEY, {})
        try:
            if data.get("file"):
                content = data["file"].read()
                token = uploads.keep(user, ContentFile(content))
                pending[token] = data["file"].name
                self.request.session[SESSION_KEY] = pending
            else:
                token = data.get("upload") or ""
                content = uploads.read(user, token) if token in pending else None
        except OSError:
            logger.exception("Notes upload: the media storage did not answer")
            form.add_error(None, STORAGE_DOWN)
            return self.form_invalid(form)
        if content is None:
            form.add_error("file", "Choose a notes file to upload.")
            return self.form_invalid(form)
        try:
            document = read_notes(content, pending[token], form.options())
            if self.request.POST.get("action") == "import":
                return self.confirm(form, document, token)
            publish = bool(form.cleaned_data.get("publish"))
            plan = plan_import(document, publish=publish, user=user)
        except NotesError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        preview_form = self.get_form_class()(
            initial={**{k: v for k, v in data.items() if k != "file"}, "upload": token},
            can_publish="publish" in form.fields,
        )
        return self.render_to_response(
            self.get_context_data(form=preview_form, plan=plan, document=document)
        )

    def confirm(self, form, document, token: str):
        publish = bool(form.cleaned_data.get("publish"))
        submit = bool(form.cleaned_data.get("submit_for_moderation")) and not publish
        plan = import_document(document, publish=publish, user=self.request.user, submit=submit)
        pending = self.request.session.get(SESSION_KEY, {})
        pending.pop(token, None)
        self.request.session[SESSION_KEY] = pending
        try:
            uploads.discard(self.request.user, token)
        except OSError:  # imported all the same; the file goes with the stale ones
            logger.exception("Notes upload: could not delete a confirmed upload")
        messages.success(self.request, f"Imported “{document.title}”: {plan.summary()}.")
        return redirect("wagtailadmin_explore", plan.page.pk)


def export_notes_view(request, page_id: int) -> HttpResponse:
    conference = get_object_or_404(ConferencePage, pk=page_id)
    if not can_export_notes(request.user, conference):
        raise PermissionDenied
    response = HttpResponse(
        export_conference(conference), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{conference.slug}.md"'
    return response


def export_url(conference: ConferencePage) -> str:
    return reverse("talks_export_notes", args=[conference.pk])
