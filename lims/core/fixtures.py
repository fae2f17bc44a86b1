"""Reference data kept in `fixtures/` as Django fixture JSON and loaded by data migrations (and again by the
tests after a transactional flush). One loader, used with a migration's historical app registry."""

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def load_rows(apps, *relative_paths: str) -> None:
    """Create or update each row by primary key from the named fixture files (paths under fixtures/)."""
    for relative in relative_paths:
        for row in json.loads((FIXTURES / relative).read_text(encoding="utf-8")):
            apps.get_model(row["model"]).objects.update_or_create(pk=row["pk"], defaults=row["fields"])
