"""The demo data: clearly marked assay marks, two name marks, a check and a hallmarked batch."""

from lims.hallmarks import demo
from lims.hallmarks.models import AssayMark, HallmarkCheck, HallmarkedArticle, NameMark, Verdict


def test_seed_makes_marks_a_check_and_a_batch(alm, ast, alice, carol, bob, olga, tested_app):
    demo.seed(
        organizations={"ALM": alm, "AST": ast},
        users={"head.alm": bob, "admin.alm": olga, "tech.alm": alice},
    )
    assert AssayMark.objects.count() == 8
    assert all(not m.verified and m.description.startswith("Demo data") for m in AssayMark.objects.all())
    assert sorted(NameMark.objects.values_list("status", flat=True)) == ["active", "suspended"]
    check = HallmarkCheck.objects.get()
    assert check.verdict == Verdict.AUTHENTIC and check.item.application == tested_app
    (article,) = HallmarkedArticle.objects.all()
    assert article.item.application == tested_app and article.assay_mark.fineness == 585
