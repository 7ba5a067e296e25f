import pytest

from pipeline.errors import Errors, PlanError, Warnings


@pytest.mark.parametrize("table", [Errors, Warnings])
def test_errors_codes_are_unique_one_line_messages(table):
    for name, template in vars(table).items():
        if name[0] in "EW" and name[1:].isdigit():
            assert "\n" not in template and template.endswith(".")


def test_errors_line_names_file_and_code():
    error = PlanError(Errors.E002, "raw/x.pdf")
    assert error.line().startswith("raw/x.pdf: [E002] ")
