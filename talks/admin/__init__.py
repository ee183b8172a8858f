"""The editors' workspace in the Wagtail admin; wagtail_hooks.py registers each part."""
