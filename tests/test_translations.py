r"""The Kazakh and Russian catalogs are complete, compiled, and used by Django.

When a template or Python string changes, regenerate and fill the catalogs:

    .venv/bin/python manage.py makemessages -l kk -l ru -l en \
        --ignore=.venv --ignore=var --ignore=tests --no-obsolete
    # translate every empty or "#, fuzzy" entry in locale/kk and locale/ru, then drop the fuzzy flag
    .venv/bin/python manage.py compilemessages --ignore=.venv

No database is needed; the .po files are read with a small parser (standard library only).
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TRANSLATED_LANGUAGES = ["kk", "ru"]  # English is the source language: its msgstrs may stay empty.
ALL_LANGUAGES = ["kk", "ru", "en"]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index -> text; a non-plural entry uses index 0
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        """The key gettext uses in a compiled catalog (context joined by EOT)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}" + (f" (context {self.msgctxt!r})" if self.msgctxt else "")


def _unquote(text: str, path: Path, number: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{path}:{number}: expected a quoted string, got {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Read msgctxt / msgid / msgid_plural / msgstr / msgstr[n] blocks with multi-line strings and flags.
    Obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # which field continuation lines ("...") append to

    def finish():
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):  # an obsolete entry: drop it and any flags written above it
            finish()
            target, flags = None, set()
            continue
        if line.startswith("#"):
            finish()
            target = None
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{path}:{number}: continuation line outside an entry")
            name, index = target
            text = _unquote(line, path, number)
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
        elif keyword in ("msgctxt", "msgid"):
            if keyword == "msgctxt" or entry is None or entry.msgstr:
                finish()
                entry = Entry(flags=flags, line=number)
                flags = set()
            setattr(entry, keyword, _unquote(rest, path, number))
            target = (keyword, 0)
        elif keyword == "msgid_plural":
            entry.msgid_plural = _unquote(rest, path, number)
            target = ("msgid_plural", 0)
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            if entry is None:
                raise ValueError(f"{path}:{number}: msgstr without msgid")
            index = int(keyword[7:-1]) if keyword != "msgstr" else 0
            entry.msgstr[index] = _unquote(rest, path, number)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


def messages(language: str) -> list[Entry]:
    path = po_path(language)
    assert path.exists(), f"{path} is missing: run makemessages (see this module's docstring)"
    return [entry for entry in parse_po(path) if not entry.is_header]


def expected_catalog(language: str) -> dict:
    """What msgfmt puts in the .mo: every translated, non-fuzzy message, keyed like gettext does."""
    catalog = {}
    for entry in messages(language):
        if not entry.is_translated or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural is None:
            catalog[entry.key] = entry.msgstr[0]
        else:
            catalog.update({(entry.key, index): text for index, text in entry.msgstr.items()})
    return catalog


def test_parser_reads_multiline_plural_context_and_flags(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        "#: a.py:1\n#, fuzzy, python-format\n"
        'msgid ""\n"Long %(n)s "\n"text \\"quoted\\""\nmsgstr "Длинный %(n)s"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr ""\n\n'
        'msgid "%(count)d item"\nmsgid_plural "%(count)d items"\nmsgstr[0] "%(count)d образец"\n'
        'msgstr[1] ""\n"%(count)d образца"\nmsgstr[2] "%(count)d образцов"\n\n'
        '#, fuzzy\n#~ msgid "Old"\n#~ msgstr "Старое"\n\n#: b.py:2\nmsgid "New"\nmsgstr "Новое"\n',
        encoding="utf-8",
    )
    header, long, may, plural, new = parse_po(po)
    assert header.is_header and header.msgstr[0] == "Language: ru\n"
    assert long.msgid == 'Long %(n)s text "quoted"' and long.flags == {"fuzzy", "python-format"}
    assert may.key == "month\x04May" and not may.is_translated
    assert plural.msgid_plural == "%(count)d items" and plural.msgstr[1] == "%(count)d образца"
    assert plural.is_translated
    assert new.msgid == "New" and not new.flags


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(language):
    entries = messages(language)
    assert entries, f"{po_path(language)} has no messages"
    untranslated = [entry.label for entry in entries if not entry.is_translated]
    fuzzy = [entry.label for entry in entries if "fuzzy" in entry.flags]
    problems = [f"untranslated: {label}" for label in untranslated] + [f"fuzzy: {label}" for label in fuzzy]
    assert not problems, (
        f"{po_path(language)}: {len(untranslated)} untranslated and {len(fuzzy)} fuzzy message(s) "
        "(translate them, check fuzzy ones and drop the flag, then run compilemessages):\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_placeholders_are_kept(language):
    wrong = []
    for entry in messages(language):
        expected = set(_PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for index, text in entry.msgstr.items():
            found = set(_PLACEHOLDER.findall(text))
            if text and (found != expected if entry.msgid_plural is None else not found <= expected):
                wrong.append(
                    f"{entry.label} msgstr[{index}] has {sorted(found)}, expected {sorted(expected)}"
                )
    assert not wrong, f"{language}: placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_compiled_catalog_matches_po(language):
    path = mo_path(language)
    assert path.exists(), f"{path} is missing: run compilemessages (see this module's docstring)"
    with path.open("rb") as mo:
        compiled = {key: text for key, text in gettext.GNUTranslations(mo)._catalog.items() if key != ""}
    expected = expected_catalog(language)
    stale = sorted(map(str, compiled.keys() - expected.keys()))
    not_compiled = sorted(map(str, expected.keys() - compiled.keys()))
    changed = sorted(str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not (stale or not_compiled or changed), (
        f"{path} is older than its .po: run compilemessages.\n"
        f"only in .mo: {stale}\nonly in .po: {not_compiled}\ntranslation differs: {changed}"
    )


@pytest.mark.parametrize(
    ("language", "source", "expected"),
    [
        ("kk", "Applications", "Өтініштер"),
        ("kk", "Expertise conclusion", "Сараптама қорытындысы"),
        ("kk", "Head of laboratory", "Зертхана меңгерушісі"),
        ("ru", "Applications", "Заявки"),
        ("ru", "Expertise conclusion", "Заключение экспертизы"),
        ("ru", "Head of laboratory", "Заведующий лабораторией"),
    ],
)
def test_django_translates_with_the_project_catalogs(language, source, expected):
    with translation.override(language):
        assert translation.gettext(source) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "ALM-2026-00001 нөмірлі қорытынды берілді"), ("ru", "Заключение ALM-2026-00001 выдано")],
)
def test_django_formats_translated_placeholders(language, expected):
    with translation.override(language):
        assert translation.gettext("Conclusion %(number)s issued") % {"number": "ALM-2026-00001"} == expected
