"""Admin registrations for talks; each part lives in its own module under talks/admin/."""

from talks.admin import dashboard, speakers, talk_listing  # noqa: F401  (they register on import)
