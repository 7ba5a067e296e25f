import pytest

from pipeline.strings import collapse, ends_sentence, looks_like_heading, split_marker


@pytest.mark.parametrize("text,label,rest", [
    ("3. Continue to review", "3.", "Continue to review"),
    ("• Regular bulletins", "•", "Regular bulletins"),
    ("a) first point", "a)", "first point"),
    ("- 48 editions", "-", "48 editions"),
    ("Plain sentence here.", "", "Plain sentence here."),
    ("2020/21 plan", "", "2020/21 plan"),
])
def test_strings_split_marker(text, label, rest):
    assert split_marker(text) == (label, rest)


@pytest.mark.parametrize("text,expected", [
    ("A whole sentence.", True), ("We will:", True), ("(see below).", True),
    ("through Social", False), ("health of local", False),
])
def test_strings_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("Managing staff movement", True), ("COVID-19 testing", True),
    ("CQC support: Emergency Support Framework and sharing best practice", True),
    ("Promotion continues through communication channels with providers.", False),
    ("lower case start", False),
    ("This line is far too long to be a heading because it keeps going on and on", False),
])
def test_strings_looks_like_heading(text, expected):
    assert looks_like_heading(text) is expected


def test_strings_collapse_whitespace():
    assert collapse("  a\u00a0 b\n\tc ") == "a b c"
