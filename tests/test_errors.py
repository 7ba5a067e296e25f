from pathlib import Path

import pytest

from pipeline.errors import Errors, PlanError, Warnings, messages_markdown

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("table", [Errors, Warnings])
def test_errors_members_are_one_line_messages_carrying_their_code(table):
    members = table.members()
    assert members and len({m.code for m in members}) == len(members)
    for member in members:
        assert getattr(table, member.code).code == member.code
        assert "\n" not in member.template and member.template.endswith(".")


def test_errors_same_words_keep_their_own_codes():
    class Twins(Errors):
        E900 = "the same words."
        E901 = "the same words."

    assert (Twins.E900.code, Twins.E901.code) == ("E900", "E901")
    assert PlanError(Twins.E901, "x").line() == "x: [E901] the same words."


def test_errors_line_names_file_and_code():
    error = PlanError(Errors.E002, "raw/x.pdf")
    assert error.line().startswith("raw/x.pdf: [E002] ")


def test_errors_readme_lists_every_message():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("-->\n", readme.index("<!-- messages:start")) + 4
    assert readme[start:readme.index("<!-- messages:end -->")] == messages_markdown() + "\n"
