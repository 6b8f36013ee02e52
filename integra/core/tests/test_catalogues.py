"""The Polish catalogues of every app: valid for msgfmt, correct plural forms, no message shadowed by another app.

Django merges the apps' catalogues into one: for a message (context + msgid) that two apps translate,
the app listed first in INSTALLED_APPS wins and the other app's Polish never shows.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

import integra

# django.po of every app, and djangojs.po of an app whose JavaScript shows texts (support: offline.js).
CATALOGUES = sorted(Path(integra.__file__).parent.glob("*/locale/pl/LC_MESSAGES/django*.po"))
# Polish: 1 → one; 2–4, 22–24, 102 → few; 0, 5–21, 25, 112–114 → many.
POLISH_FORMS = {1: 0, 2: 1, 4: 1, 22: 1, 24: 1, 102: 1, 0: 2, 5: 2, 11: 2, 12: 2, 14: 2, 21: 2, 25: 2, 112: 2, 114: 2}


def _app(path: Path) -> str:
    return path.parents[3].name


def _key(entry: polib.POEntry) -> tuple:
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def _translation(entry: polib.POEntry) -> object:
    return tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr


def test_there_are_catalogues():
    assert "planning" in {_app(p) for p in CATALOGUES} and len(CATALOGUES) >= 10


@pytest.mark.parametrize("path", CATALOGUES, ids=_app)
def test_catalogue_passes_msgfmt_check(path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    result = subprocess.run(
        [msgfmt, "--check-format", "--check-domain", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", CATALOGUES, ids=_app)
def test_plural_forms_are_polish_and_every_plural_message_has_them_all(path):
    catalogue = polib.pofile(str(path))
    forms = catalogue.metadata["Plural-Forms"]
    plural = gettext.c2py(forms.split("plural=", 1)[1].strip().rstrip(";"))
    assert {n: plural(n) for n in POLISH_FORMS} == POLISH_FORMS
    expected = int(forms.split("nplurals=", 1)[1].split(";", 1)[0])
    for entry in catalogue:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == expected, entry.msgid


def test_no_message_is_translated_twice_in_one_catalogue():
    for path in CATALOGUES:
        keys = [_key(e) for e in polib.pofile(str(path))]
        assert len(keys) == len(set(keys)), path


def test_no_message_is_translated_differently_by_two_apps():
    """Issue 23: „jobs” (people employed) showed as „zadania” (the job queue's word), a project „zamknięta”, an
    enrolment's „failed” as „nieudane”. Two meanings of one English word get a context (pgettext); one meaning gets
    one translation."""
    translations: dict[tuple, dict[str, object]] = {}
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            translations.setdefault(_key(entry), {})[_app(path)] = _translation(entry)
    clashes = {key: apps for key, apps in translations.items() if len(set(apps.values())) > 1}
    assert clashes == {}


def test_no_message_of_ours_is_shadowed_by_an_app_installed_before_ours():
    """Django lets the app listed first in INSTALLED_APPS win: django.contrib.sessions' „Sesje” stood where the
    activity page says „Spotkania”, axes' „dziennik logowania” where the access log is „rejestr dostępu”. A message
    whose meaning differs from the installed apps' gets a context; our Polish then always shows."""
    from django.apps import apps

    before: dict[tuple, tuple[str, object]] = {}
    shadowed = []
    for config in apps.get_app_configs():
        path = Path(config.path) / "locale/pl/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        entries = {_key(e): _translation(e) for e in polib.pofile(str(path)) if e.translated()}
        if config.name.startswith("integra."):
            shadowed += [
                (config.name, key, text, before[key])
                for key, text in entries.items()
                if before.get(key, (0, text))[1] != text
            ]
        for key, text in entries.items():
            before.setdefault(key, (config.name, text))
    assert shadowed == []


def test_every_catalogue_declares_the_same_polish_plural_rule():
    rules = {_app(path): polib.pofile(str(path)).metadata["Plural-Forms"] for path in CATALOGUES}
    assert len(set(rules.values())) == 1, rules


# Placeholders that hold a count; a Polish noun after one must come from ngettext (1 punkt, 2 punkty, 5 punktów).
COUNTS = {
    "n",
    "count",
    "counter",
    "days",
    "limit",
    "max",
    "capacity",
    "pages",
    "cooloff",
    "units",
    "people",
    "households",
}
UNITS = {"s", "MB", "zł", "r"}  # abbreviations that do not change with the number
COUNT_THEN_WORD = re.compile(r"%\((\w+)\)[sd]\s+([^\W\d_]+)")


def test_a_noun_after_a_count_is_always_a_plural_message():
    """Issue 23 („1 punkty”): every message where a number precedes a noun goes through ngettext."""
    singular_only = [
        f"{_app(path)}: {entry.msgstr}"
        for path in CATALOGUES
        for entry in polib.pofile(str(path))
        if not entry.msgid_plural
        for name, word in COUNT_THEN_WORD.findall(entry.msgstr)
        if name in COUNTS and word not in UNITS and len(word) > 2  # „strona 2 z 5”: a preposition
    ]
    assert singular_only == []


# What `makemessages` extracts from Python: xgettext's own keywords and the ones Django adds.
EXTRACTED_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext"}
EXTRACTED_NAMES |= {"pgettext_lazy", "npgettext", "npgettext_lazy"}
TRANSLATION_IMPORT = re.compile(r"from django\.utils\.translation import ([^\n(]+|\([^)]*\))")


def test_every_translation_function_our_code_calls_is_one_makemessages_extracts():
    """A message called through another name (`gettext as _t`) is never extracted, so it never gets its Polish:
    the participant's support record read „ukończył(a) · certificate …”."""
    unknown = []
    for path in sorted(Path(integra.__file__).parent.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in TRANSLATION_IMPORT.finditer(path.read_text(encoding="utf-8")):
            for name in match.group(1).strip("()").replace("\n", " ").split(","):
                *_, called = name.split()
                if called and called not in EXTRACTED_NAMES and "gettext" in name:
                    unknown.append(f"{path.name}: {name.strip()}")
    assert not unknown, f"called by a name makemessages does not extract: {unknown}"


def test_no_translation_call_sits_inside_an_f_string():
    """GNU xgettext 0.21 (behind `makemessages`) does not look inside an f-string's replacement fields:
    f"{_('Run by')}: {provider}" is never extracted, so a new message never gets its Polish and an existing one
    goes obsolete on the next `makemessages` (the participant's support record printed „certificate”, the
    attendance sheet „Run by”). Call it outside: `run_by = _("Run by")`, then f"{run_by}: {provider}"."""
    inside = []
    for path in sorted(Path(integra.__file__).parent.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for field in node.values:
                if not isinstance(field, ast.FormattedValue):
                    continue
                for sub in ast.walk(field.value):
                    if isinstance(sub, ast.Call):
                        func = sub.func
                        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                        if name in EXTRACTED_NAMES:
                            inside.append(f"{path.name}:{sub.lineno}: {ast.unparse(sub)}")
    assert not inside, f"a translation call inside an f-string, which makemessages does not extract: {inside}"
