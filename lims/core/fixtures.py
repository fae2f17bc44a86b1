"""Reference data kept in `fixtures/` as Django fixture JSON and loaded by data migrations (and again by the
tests after a transactional flush). One loader, used with a migration's historical app registry."""

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def load_rows(apps, *relative_paths: str) -> None:
    """Create or update each row by primary key from the named fixture files (paths under fixtures/). Fields
    the historical model does not have yet are skipped: the migration that adds them loads the file again."""
    for relative in relative_paths:
        for row in json.loads((FIXTURES / relative).read_text(encoding="utf-8")):
            model = apps.get_model(row["model"])
            known = {field.name for field in model._meta.get_fields()}
            fields = {name: value for name, value in row["fields"].items() if name in known}
            model.objects.update_or_create(pk=row["pk"], defaults=fields)
