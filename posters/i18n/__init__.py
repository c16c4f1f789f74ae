"""Translation workflow: extraction to gettext catalogs, catalog loading and QA."""
