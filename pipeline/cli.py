"""Command line: `python -m pipeline extract [INPUT ...] [--out] [--interim] [--jobs] [--force] [--limit NAME=N]`.

Exit status: 0 when every document was read, 1 when some failed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from .errors import Errors, PlanError
from .extract import ExtractOptions, ExtractResult, extract, read_plans
from .progress import Progress
from .settings import Limits, available_cores

DEFAULT_CORRECTIONS = Path("corrections.csv")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="Extract council winter plans into tidy, matched tables.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("extract", help="read plans and write the output tables")
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help="plan files or folders of them (default: raw/)")
    run.add_argument("--out", type=Path, default=Path("output"), help="folder for the tables (default: output/)")
    run.add_argument("--interim", type=Path, default=Path("interim"),
                     help="folder for cached per-document stage output (default: interim/)")
    run.add_argument("--jobs", type=_positive, default=available_cores(),
                     help="documents read and matched at once (default: the processors this run may use)")
    run.add_argument("--force", action="store_true", help="re-parse every document, ignoring the cache")
    run.add_argument("--limit", action="append", default=[], metavar="NAME=N",
                     help=f"raise or lower a per-document limit ({', '.join(Limits.names())}); repeatable")
    run.add_argument("--catalogue", type=Path, default=None,
                     help="canonical actions CSV (default: the newest shipped with the package)")
    run.add_argument("--corrections", type=Path, default=None,
                     help=f"analyst corrections CSV (default: {DEFAULT_CORRECTIONS} when it exists)")
    run.add_argument("--no-corrections", action="store_true", help="apply no corrections file, even the default one")
    run.add_argument("--review", type=Path, default=None, metavar="FILE",
                     help="also write the candidates to review as a corrections file with empty decisions")
    check = commands.add_parser("evaluate", help="score the matcher against hand labels")
    check.add_argument("inputs", nargs="*", type=Path, metavar="INPUT", help="labelled plans (default: raw/)")
    check.add_argument("--labels", type=Path, required=True, help="labels CSV: council, seq, text, action_ids")
    check.add_argument("--catalogue", type=Path, default=None, help="canonical actions CSV")
    check.add_argument("--disagreements", action="store_true",
                       help="also list every record whose matched actions differ from its labels")
    serve = commands.add_parser("browse", help="browse and search the output tables in Datasette")
    serve.add_argument("--out", type=Path, default=Path("output"), help="the output folder (default: output/)")
    serve.add_argument("--port", type=_positive, default=8001, help="port on 127.0.0.1 (default: 8001)")
    look = commands.add_parser("inspect", help="show how a plan was cut: page images with the layout, and its blocks")
    look.add_argument("file", type=Path, metavar="FILE", help="one plan file")
    look.add_argument("--page", type=_positive, default=None, help="only this page (PDF)")
    look.add_argument("--out", type=Path, default=Path("inspect"), help="folder for the page images (default: inspect/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "evaluate":
        return run_evaluation(args)
    if args.command == "inspect":
        return run_inspection(args)
    if args.command == "browse":
        return run_browse(args)
    corrections = None if args.no_corrections else (
        args.corrections or (DEFAULT_CORRECTIONS if DEFAULT_CORRECTIONS.is_file() else None))
    started = time.perf_counter()
    progress = Progress()
    try:
        options = ExtractOptions(inputs=tuple(args.inputs) or (Path("raw"),), out=args.out,
                                 interim=args.interim, jobs=args.jobs, force=args.force,
                                 catalogue=args.catalogue, corrections=corrections, limits=parse_limits(args.limit),
                                 review=args.review)
        result = extract(options, log=progress.log, progress=progress)
    except PlanError as error:
        progress.finish()
        print(error.line(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        progress.finish()
        print(f"interrupted: {options.out}/ holds the previous run's outputs, untouched", file=sys.stderr)
        return 130
    print_summary(result, options.out, time.perf_counter() - started)
    return 1 if result.failed else 0


def run_browse(args: argparse.Namespace) -> int:
    from .browse import browse

    try:
        return browse(args.out, args.port)
    except PlanError as error:
        print(error.line(), file=sys.stderr)
        return 2


def run_inspection(args: argparse.Namespace) -> int:
    from .inspection import inspect_file

    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    try:
        listing, images = inspect_file(args.file, args.out, args.page)
    except PlanError as error:
        print(error.line(), file=sys.stderr)
        return 1
    print("\n".join(listing))
    for image in images:
        print(f"wrote {image}")
    return 0


def run_evaluation(args: argparse.Namespace) -> int:
    from .evaluation import evaluate, load_delivery_labels, load_labels  # spaCy only for commands that match
    from .match import Matcher

    try:
        plans, catalogue = read_plans(tuple(args.inputs) or (Path("raw"),), args.catalogue)
        labels = load_labels(args.labels)
        delivery = load_delivery_labels(args.labels)
    except PlanError as error:
        print(error.line(), file=sys.stderr)
        return 2
    except (OSError, KeyError, ValueError) as exc:
        print(f"{args.labels}: cannot read labels ({exc})", file=sys.stderr)
        return 2
    print(evaluate(plans, Matcher(catalogue), labels, catalogue, args.disagreements, delivery))
    return 0


def print_summary(result: ExtractResult, out: Path, seconds: float) -> None:
    total = len(result.catalogue.actions)
    for entry in result.documents:
        council, source = entry["council"] or "(council unknown)", entry["source_file"]
        if entry["status"] == "error":
            print(f"{source}: failed (see the error above)")
        elif not entry["plan_found"]:
            print(f"{council} [{source}]: no plan found; listed in documents, not counted in coverage")
        else:
            print(f"{council} [{source}]: {entry['records']} records ({entry['required_actions']} required_action, "
                  f"{entry['responses']} response); {entry['addressed']}/{total} actions addressed")
    if result.cached and not result.parsed and result.rewritten:
        print(f"nothing parsed: all {result.cached} readable documents unchanged since the last run "
              f"(their stage output is reused from the interim cache; --force re-parses)")
    tally = result.tally
    if tally.applied or tally.stale or tally.ignored:
        print(f"corrections: {tally.applied} applied, {len(tally.stale)} stale, {len(tally.ignored)} ignored "
              f"(each stale or ignored one is named above)")
    if not result.rewritten:
        print(f"outputs unchanged: the tables in {out}/ were made from the same inputs, catalogue, corrections "
              f"and code, and were left as they were")
    print(f"{len(result.documents)} documents ({result.parsed} parsed, {result.cached} from cache, "
          f"{len(result.failed)} failed) -> {out}/ in {seconds:.1f}s")


def parse_limits(items: Sequence[str]) -> Limits:
    """Limits from `NAME=N` items over the defaults; E109 for a bad one."""
    limits = Limits()
    for text in items:
        name, _, value = text.partition("=")
        name = name.strip()
        if name not in Limits.names() or not value.strip().isdigit():
            reason = f"unknown limit {name!r}" if name not in Limits.names() else "N must be a whole number"
            raise PlanError(Errors.E109, text=text, reason=reason, names=", ".join(Limits.names()))
        try:
            limits = replace(limits, **{name: int(value)})
        except ValueError as exc:
            raise PlanError(Errors.E109, text=text, reason=str(exc), names=", ".join(Limits.names())) from None
    return limits


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
