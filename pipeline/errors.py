"""Every user-facing error and warning, each with a code and a message saying how to fix it.

A message is one line. It is shown as `<file>: [Exxx] <message>` on stderr and stored in
the `documents` table, so an analyst can find the file and the remedy without a traceback.
Read through the class (`Errors.E002`), a member is a `Message` carrying its own code (as in
spaCy's `ErrorsWithCodes`), so two messages with the same words still keep their codes, and
the README's list is generated from here (`python -m pipeline.errors`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    code: str
    template: str

    def format(self, **details: object) -> str:
        return self.template.format(**details)


class _WithCodes(type):
    """Members (E001, W001, ...) read as Messages that know their code."""

    def __getattribute__(cls, name: str) -> object:
        value = super().__getattribute__(name)
        return Message(name, value) if _is_code(name) else value

    def members(cls) -> list[Message]:
        return [getattr(cls, name) for name in vars(cls) if _is_code(name)]


def _is_code(name: str) -> bool:
    return len(name) == 4 and name[0] in "EW" and name[1:].isdigit()


class Errors(metaclass=_WithCodes):
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
    E009 = ("not a regular file ({kind}). Name the plan file itself, not a pipe or a device.")
    E010 = "same content as {other}, which is read instead. Remove one of the two copies."
    E011 = ("the PDF's fonts carry no text encoding (only glyph numbers such as (cid:12) come "
            "out). Re-export the plan from its original, or run it through OCR.")
    E012 = ("the file exceeds the limit {limit} ({value}; the limit is {allowed}). If it really "
            "is a plan, raise the limit with --limit {limit}=N.")
    E013 = ("reading the file took longer than the limit seconds ({allowed} s). If it really is "
            "a plan, raise it with --limit seconds=N.")
    E014 = ("reading the file needed more memory than the limit memory_mb ({allowed} MB). If it "
            "really is a plan, raise it with --limit memory_mb=N.")
    E015 = ("the worker reading the file stopped unexpectedly ({reason}). Run again; if it "
            "happens again, report it together with this file.")
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
    E107 = ("another run is writing to {path} (it holds {lock}). Wait for it to finish, or "
            "give this run another --out.")
    E108 = ("cannot write to the output folder {path} ({reason}). Give a writable --out; "
            "its parent folder must be writable too.")
    E109 = "--limit {text}: {reason}. Limits: {names}; for example --limit seconds=900."
    E110 = ("--out {path} is {reason}. The output folder's content is replaced by each run: give a "
            "folder of its own, such as output/.")
    E111 = ("no output tables in {path}. Run `make extract` (or python -m pipeline extract --out {path}) "
            "first.")


class Warnings(metaclass=_WithCodes):
    W001 = ("no plan records found: no themes, actions or responses were recognised. "
            "Check the file is a winter plan; see README 'Adding a council's plan'.")
    W002 = ("council name not found in the document. Add a row for this file to "
            "sources.csv (columns file, council) beside it.")
    W003 = ("correction for {action} not applied: the record's text has changed since it was "
            "written. Check the record and update corrections.csv.")
    W004 = ("interim cache not written ({reason}); the run goes on without it. Check --interim "
            "is a writable folder.")
    W005 = ("names {file}, which is not among the inputs. Check the file name (and its case) in "
            "the manifest.")
    W006 = ("line {line} ignored: {reason}. Fix or remove the row; each plan file needs one row "
            "with its file and council.")
    W007 = ("correction for {action} not applied: no document of this run has the record. "
            "Check the record_id, or remove the row if the plan has changed.")
    W008 = ("interim cache for this file was unreadable and has been replaced; the file was read "
            "again.")
    W009 = ("{count} documents with a plan: {files}. council_coverage counts the council once, "
            "addressed where any of them addresses an action; mark annexes with role=annex in sources.csv.")
    W010 = ("line {line} ignored: {reason}. Fix the row or remove it.")


class PlanError(Exception):
    """A problem with one input (or with the run's setup) that the user can fix."""

    def __init__(self, message: Message, subject: str = "", **details: object) -> None:
        self.code = message.code
        self.subject = subject
        self.message = message.format(**details)
        super().__init__(self.line())

    def line(self) -> str:
        prefix = f"{self.subject}: " if self.subject else ""
        return f"{prefix}[{self.code}] {self.message}"


def over_limit(subject: str, limit: str, value: str, allowed: str) -> PlanError:
    """E012 for a file beyond one of the run's Limits."""
    return PlanError(Errors.E012, subject, limit=limit, value=value, allowed=allowed)


def warning_line(message: Message, subject: str, **details: object) -> str:
    """The one-line form of a warning about `subject`."""
    return f"{subject}: [{message.code}] {message.format(**details)}"


def messages_markdown() -> str:
    """Every code and its message, for the README (a test keeps the two equal)."""
    rows = ["| code | message |", "|---|---|"]
    for member in [*Errors.members(), *Warnings.members()]:
        rows.append(f"| {member.code} | {member.template.replace('|', '/')} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(messages_markdown())
