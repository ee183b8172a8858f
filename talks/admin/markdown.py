"""The talk's Markdown page: paste Markdown into its notes, or copy them as Markdown."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin import messages

from talks.admin.access import TalkFormView
from talks.blocks import CodeTextarea
from talks.models import TalkPage
from talks.paste import PasteError, paste_markdown, talk_as_markdown

APPEND, REPLACE = "append", "replace"
MAX_PASTE_CHARACTERS = 200_000


class PasteMarkdownForm(forms.Form):
    markdown = forms.CharField(
        label="Markdown",
        # The code block's textarea: monospace, and Tab indents (nested lists, code).
        widget=CodeTextarea(attrs={"rows": 16}),
        max_length=MAX_PASTE_CHARACTERS,
        strip=False,
        help_text=(
            "Headings (## for a section), paragraphs and (nested) lists, "
            "“> quote -- who”, fenced code, pipe tables, image URLs (kept as links) and "
            "<url> on its own line for a recording."
        ),
    )
    mode = forms.ChoiceField(
        label="Where",
        choices=[(APPEND, "Add after the notes"), (REPLACE, "Replace the notes")],
        initial=APPEND,
        widget=forms.RadioSelect,
    )


class TalkMarkdownView(TalkFormView):
    form_class = PasteMarkdownForm
    template_name = "talks/admin/talk_markdown.html"
    header_icon = "doc-full"
    page_title = "Markdown"
    breadcrumb_label = "Markdown"

    @cached_property
    def draft(self) -> TalkPage:
        return self.talk.get_latest_revision_as_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, talk_markdown=talk_as_markdown(self.draft), locked=self.is_locked
        )

    @property
    def is_locked(self) -> bool:
        lock = self.talk.get_lock()
        return bool(lock and lock.for_user(self.request.user))

    def form_valid(self, form):
        if self.is_locked:
            form.add_error(None, "The talk is locked, so its notes can't be changed now.")
            return self.form_invalid(form)
        try:
            pasted = paste_markdown(form.cleaned_data["markdown"], self.draft.title)
        except PasteError as error:
            form.add_error("markdown", str(error))
            return self.form_invalid(form)
        replacing = form.cleaned_data["mode"] == REPLACE
        kept = [] if replacing else list(self.draft.body.raw_data)
        self.draft.body = [*kept, *pasted.blocks]
        # A new draft revision: the live page is unchanged, and the page's History undoes it.
        self.draft.save_revision(user=self.request.user, log_action=True)
        verb = "Replaced the notes with" if replacing else "Added"
        messages.success(
            self.request,
            f"{verb} {pasted.summary()} from your Markdown, saved as a draft. "
            "Check them below, then publish; the page's History can undo this.",
        )
        if pasted.warnings:
            messages.warning(
                self.request,
                format_html(
                    "Some Markdown was changed on the way in: <ul>{}</ul>",
                    format_html_join("", "<li>{}</li>", ((w,) for w in pasted.warnings)),
                ),
            )
        return redirect(self.edit_url)


@hooks.register("register_admin_urls")
def markdown_urls():
    return [
        path("talks/<int:page_id>/markdown/", TalkMarkdownView.as_view(), name="talks_markdown")
    ]
