"""Admin views: upload a notes file, preview what it creates, confirm; export a conference."""

from __future__ import annotations

import base64

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from talks.models import ConferencePage

from .errors import NotesError
from .exporter import export_conference
from .importer import import_document, plan_import
from .parser import read_notes
from .permissions import can_export_notes, can_import_notes

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class NotesUploadForm(forms.Form):
    file = forms.FileField(
        required=False, help_text="A Markdown notes file with YAML front matter (.md or .txt)."
    )
    publish = forms.BooleanField(
        required=False, help_text="Publish the pages; otherwise they are saved as drafts."
    )
    # The previewed file travels with the confirmation, so what is confirmed is exactly
    # what was previewed.
    content = forms.CharField(required=False, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError("The file is larger than 5 MB.")
            data["bytes"], data["filename"] = upload.read(), upload.name
        elif data.get("content"):
            try:
                data["bytes"] = base64.b64decode(data["content"], validate=True)
            except ValueError as error:
                raise forms.ValidationError(
                    "The previewed file was damaged; upload it again."
                ) from error
        else:
            raise forms.ValidationError("Choose a notes file to upload.")
        return data


class ImportNotesView(WagtailAdminTemplateMixin, FormView):
    form_class = NotesUploadForm
    template_name = "talks/admin/import_notes.html"
    page_title = "Import notes"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import_notes(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        data = form.cleaned_data
        publish = data["publish"]
        if not can_import_notes(self.request.user, publish=publish):
            form.add_error("publish", "You don't have permission to publish these pages.")
            return self.form_invalid(form)
        try:
            document = read_notes(data["bytes"], data["filename"] or "upload")
            plan = plan_import(document)
            if data["confirm"] and not data.get("file"):
                conference = import_document(document, publish=publish, user=self.request.user)
                messages.success(
                    self.request,
                    f"Imported “{document.conference_title}”: {plan.summary()}.",
                )
                return redirect("wagtailadmin_explore", conference.pk)
        except NotesError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        confirm_form = NotesUploadForm(
            initial={
                "content": base64.b64encode(data["bytes"]).decode(),
                "filename": data["filename"],
                "publish": publish,
                "confirm": True,
            }
        )
        return self.render_to_response(
            self.get_context_data(form=confirm_form, plan=plan, document=document)
        )


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
