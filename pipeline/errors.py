"""Every user-facing error and warning, each with a code and a message saying how to fix it.

A message is one line. It is shown as `<file>: [Exxx] <message>` on stderr and stored in
the `documents` table, so an analyst can find the file and the remedy without a traceback.
"""

from __future__ import annotations


class Errors:
    E001 = "cannot read the file ({reason}). Check that it exists and is readable."
    E002 = "the file is empty. Re-download or re-export the plan."
    E003 = ("unsupported or unrecognised format ({detail}). Supported: PDF, HTML, Word "
            ".docx and plain text/markdown; convert the plan to one of these.")
    E004 = "the {format} reader is not available in this version. Convert the plan to text."
    E005 = ("the PDF is damaged or truncated ({reason}). Re-download it or re-export it "
            "from the original.")
    E006 = ("the PDF is password-protected. Ask the council for an unprotected copy or "
            "remove the password, then run again.")
    E007 = ("the PDF has no text layer (scanned pages). Run it through OCR (for example "
            "ocrmypdf) and add the OCR'd copy instead.")
    E008 = "the Word file is damaged ({reason}). Re-save it from Word or LibreOffice."
    E010 = "same content as {other}, which is read instead. Remove one of the two copies."
    E099 = "unexpected internal error ({reason}). Please report it together with this file."
    E101 = ("manifest {path} is malformed ({reason}). It needs a header row with the "
            "columns 'file' and 'council'.")
    E102 = ("catalogue {path} is malformed ({reason}). It needs the columns action_id, "
            "theme_no, theme, section, seq, text.")
    E103 = "input {path} does not exist. Give files or folders of council plans."
    E104 = "no plan files found in {paths}. Put council plans in raw/ or name them."
    E105 = "cannot write table {table} ({reason}). Previous outputs were left untouched."
    E106 = ("corrections file {path} is malformed ({reason}). It needs the columns record_id, "
            "action_id, decision (accept, reject or add).")


class Warnings:
    W001 = ("no plan records found: no themes, actions or responses were recognised. "
            "Check the file is a winter plan; see README 'Adding a council's plan'.")
    W003 = ("correction for {action} not applied: the record's text has changed since it was "
            "written. Check the record and update corrections.csv.")
    W004 = ("interim cache not written ({reason}); the run goes on without it. Check --interim "
            "is a writable folder.")
    W005 = ("names {file}, which is not among the inputs. Check the file name (and its case) in "
            "the manifest.")
    W002 = ("council name not found in the document. Add a row for this file to "
            "sources.csv (columns file, council) beside it.")


class PlanError(Exception):
    """A problem with one input (or with the run's setup) that the user can fix."""

    def __init__(self, template: str, subject: str = "", **details: object) -> None:
        self.code = _code_of(template)
        self.subject = subject
        self.message = template.format(**details)
        super().__init__(self.line())

    def line(self) -> str:
        prefix = f"{self.subject}: " if self.subject else ""
        return f"{prefix}[{self.code}] {self.message}"


def warning_line(template: str, subject: str, **details: object) -> str:
    """The one-line form of a warning about `subject`."""
    return f"{subject}: [{_code_of(template)}] {template.format(**details)}"


def _code_of(template: str) -> str:
    for table in (Errors, Warnings):
        for name, value in vars(table).items():
            if value is template:
                return name
    raise ValueError("message template is not registered in pipeline.errors")
