"""The Simplified Chinese catalogue: complete, compiled, and actually used by the pages.

The .po is read with a small parser (polib is not a dependency); the committed .mo is read with the standard library's
gettext, so the "is the .mo up to date" check needs no gettext tools. msgfmt, when installed, adds its own format check.
"""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from dangjian.core.management.commands.makemessages import EXTRA_KEYWORDS
from tests.appdirs import in_apps

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
# Named placeholders, literal %% (a single % would break %-formatting) and str.format fields.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w*\}")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$")


def read_po(path: Path) -> list[dict]:
    """Active entries (obsolete `#~` ones dropped) as dicts: flags, msgctxt, msgid, msgid_plural, msgstr (list)."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": []}
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                keyword, text = match.group(1), ast.literal_eval(match.group(2))
                if keyword.startswith("msgstr"):
                    entry["msgstr"].append(text)
                    field = ("msgstr", len(entry["msgstr"]) - 1)
                else:
                    entry[keyword] = text
                    field = (keyword, None)
            elif line.startswith('"'):
                name, index = field
                if index is None:
                    entry[name] += ast.literal_eval(line)
                else:
                    entry[name][index] += ast.literal_eval(line)
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries():
    return [e for e in read_po(PO) if e["msgid"]]  # the header (empty msgid) is not a message


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_the_catalogue_covers_the_interface(entries):
    # A rough size check: makemessages on the current tree gives well over 300 messages. A much smaller .po means an
    # extraction run lost most of the catalogue (wrong --ignore, wrong directory).
    assert len(entries) > 300
    assert len({(e["msgctxt"], e["msgid"]) for e in entries}) == len(entries)


def test_placeholders_survive_translation(entries):
    # A dropped or renamed %(name)s raises KeyError at render time, or silently loses the value; a lone % where the
    # msgid has %% raises ValueError.
    wrong = []
    for e in entries:
        expected = sorted(PLACEHOLDER.findall(e["msgid"]))
        for text in e["msgstr"]:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append((e["msgid"], text))
    assert wrong == []


def test_plural_messages_have_the_single_chinese_form(entries):
    plurals = [e for e in entries if e["msgid_plural"] is not None]
    assert plurals
    assert all(len(e["msgstr"]) == 1 for e in plurals)


def test_msgfmt_accepts_the_po(tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "check.mo"), str(PO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_committed_mo_matches_the_po(entries):
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    compiled = {key: value for key, value in catalog.items() if key != ""}
    expected = {}
    for e in entries:
        msgid = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is None:
            expected[msgid] = e["msgstr"][0]
        else:
            for index, text in enumerate(e["msgstr"]):
                expected[(msgid, index)] = text
    assert compiled == expected, "run: DJANGO_DEBUG=true .venv/bin/python manage.py compilemessages -l zh_Hans"


def test_glossary_terms(entries):
    # The party-building terms users know (DOMAIN.md); a slip here (支部 for 党支部, 班 for 横大班) reads as a bug.
    by_id = {e["msgid"]: e["msgstr"][0] for e in entries if e["msgctxt"] is None}
    glossary = {
        "Party committee": "党委",
        "General branch": "党总支",
        "Branch": "党支部",
        "Party group": "党小组",
        "Temporary branch": "临时党支部",
        "Joint branch": "联合党支部",
        "Workshop": "车间",
        "Team": "班组",
        "Shift crew": "横大班",
        "non-member": "群众",
        "applicant": "入党申请人",
        "activist": "入党积极分子",
        "candidate": "发展对象",
        "probationary member": "预备党员",
        "full member": "正式党员",
        "Secretary": "书记",
        "Deputy secretary": "副书记",
        "Organisation officer": "组织委员",
        "Publicity officer": "宣传委员",
        "Discipline officer": "纪检委员",
        "System administrator": "系统管理员",
        "Security administrator": "安全管理员",
        "Audit administrator": "审计管理员",
        "Audit log": "审计日志",
        "Employee number": "工号",
    }
    assert {msgid: by_id.get(msgid) for msgid in glossary} == glossary


# The names xgettext is told about by Django's makemessages (plus its own Python defaults).
STANDARD_KEYWORDS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
ALIAS = re.compile(r"\b(?:n?p?gettext(?:_lazy|_noop)?)\s+as\s+(\w+)")


def test_every_gettext_alias_is_extracted():
    # `gettext_lazy as _l` would hide every string behind it from makemessages: the page shows English in Chinese.
    known = STANDARD_KEYWORDS | set(EXTRA_KEYWORDS)
    hidden = []
    for path in (Path(settings.BASE_DIR) / "dangjian").rglob("*.py"):
        for alias in ALIAS.findall(path.read_text(encoding="utf-8")):
            if alias not in known:
                hidden.append(f"{path.relative_to(settings.BASE_DIR)}: {alias}")
    assert hidden == [], "add the alias to EXTRA_KEYWORDS in dangjian/core/management/commands/makemessages.py"


def test_alias_strings_are_in_the_catalogue(entries):
    # Column names of the people import are written with the `_lazy` alias.
    translated = {e["msgid"]: e["msgstr"][0] for e in entries}
    assert translated.get("party group code") == "党小组编码"
    assert translated.get("Party organisations") == "党组织"


PAGES = ["home", "org:tree", "org:people"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_chinese_by_default(client, office, page):
    client.force_login(office)
    response = client.get(reverse(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "首页" in html  # the navigation bar
    assert "党组织" in html
    assert ">Organisations<" not in html


@pytest.mark.parametrize("page", PAGES)
def test_pages_follow_the_language_cookie(client, office, page):
    client.force_login(office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(page), HTTP_ACCEPT_LANGUAGE="zh-hans")  # the cookie wins over the header
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert ">Home<" in html
    assert ">Organisations<" in html
    assert "首页" not in html


def test_accept_language_english_without_cookie(client, office):
    client.force_login(office)
    html = client.get(reverse("org:people"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">People<" in html
    assert "政治面貌" not in html


def test_chinese_page_content(client, office):
    client.force_login(office)
    html = client.get(reverse("org:people")).content.decode()
    for text in ("政治面貌", "工号", "党支部", "党小组", "正式党员"):
        assert text in html


# Capabilities keep their own catalogue (dangjian/<app>/locale/zh_Hans/LC_MESSAGES/django.po): makemessages run from
# the project root writes each file's messages to the nearest locale directory, so the apps never edit one shared file.
APP_CATALOGUES = in_apps("locale/zh_Hans/LC_MESSAGES/django.po")


@pytest.mark.parametrize("po", APP_CATALOGUES, ids=[p.parts[-5] for p in APP_CATALOGUES])
def test_app_catalogues_are_complete_and_compiled(po):
    app_entries = [e for e in read_po(po) if e["msgid"]]
    assert [e["msgid"] for e in app_entries if not e["msgstr"] or not all(s.strip() for s in e["msgstr"])] == []
    assert [e["msgid"] for e in app_entries if "fuzzy" in e["flags"]] == []
    for e in app_entries:
        for text in e["msgstr"]:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(e["msgid"])), e["msgid"]
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = {k for k in gettext.GNUTranslations(handle)._catalog if k != ""}
    singular = {e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}" for e in app_entries}
    assert {k if isinstance(k, str) else k[0] for k in compiled} == singular, "run compilemessages"
