"""`manage.py import_market_data`: the same import as the admin page, for operators and scripts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lims.core.models import AuditEvent
from lims.market.models import ExchangeRate, GoldPrice, MarketDataUpload

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "market"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_market_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_both_sample_files(db):
    out, _ = run("--kind", "prices", str(SAMPLES / "sample_lbma_gold_am.csv"))
    assert "sample_lbma_gold_am.csv: 31 created, 0 updated, 0 unchanged, 0 rejected." in out
    out, _ = run("--kind", "rates", str(SAMPLES / "sample_kzt_usd.csv"))
    assert "44 created" in out
    assert (GoldPrice.objects.count(), ExchangeRate.objects.count(), MarketDataUpload.objects.count()) == (
        31,
        44,
        2,
    )
    assert AuditEvent.objects.filter(actor=None).count() == 2


def test_records_the_named_user(sam):
    run("--kind", "prices", "--user", "sam", str(SAMPLES / "sample_lbma_gold_am.csv"))
    assert MarketDataUpload.objects.get().uploaded_by == sam
    assert AuditEvent.objects.get().actor == sam


def test_rejected_lines_are_printed_and_fail_the_command_after_importing_the_rest(db, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_bytes(b"date,usd_per_troy_ounce\n2026-01-05,2650.1\n2026-01-06,-1\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 line\\(s\\) rejected"):
        call_command("import_market_data", "--kind", "prices", str(path), stdout=StringIO(), stderr=err)
    assert "line 3: usd_per_troy_ounce must be greater than zero, got -1" in err.getvalue()
    assert GoldPrice.objects.count() == 1 and MarketDataUpload.objects.count() == 1


def test_unknown_user_or_unreadable_file(db, tmp_path):
    with pytest.raises(CommandError, match="No user nobody"):
        run("--kind", "prices", "--user", "nobody", str(SAMPLES / "sample_lbma_gold_am.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        run("--kind", "rates", str(tmp_path / "missing.csv"))
    assert not MarketDataUpload.objects.exists()
