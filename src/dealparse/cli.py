"""The ``dealparse`` command line: extract, show, schema, annotate, annotations, train, evaluate."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence, Sized
from pathlib import Path
from typing import TypeVar

from dealparse.annotations.store import write_atomic
from dealparse.errors import DealparseError
from dealparse.inputs import Article, InputProblem, read_articles

T = TypeVar("T")


def _progress(items: Iterable[T], desc: str = "dealparse", total: int | None = None) -> Iterator[T]:
    """``items``, with a progress bar on standard error when there are several."""
    count = total if total is not None else len(items) if isinstance(items, Sized) else 2
    if count < 2:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit="doc", file=sys.stderr, total=total)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _read_inputs(args: argparse.Namespace, paths: Sequence[Path], problems: list[InputProblem]) -> list[Article]:
    return list(read_articles(paths, args.published, args.encoding, problems))


def _finish(problems: Sequence[InputProblem], done: int) -> int:
    """Report the input problems; 1 when there were any (the good inputs were still processed)."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"dealparse: {len(problems)} input problem(s); {done} article(s) processed", file=sys.stderr)
        return 1
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from dealparse.extractor import load

    output = _safe_output(Path(args.output), args.paths, args.force) if args.output else None
    extractor = load(args.model)
    problems: list[InputProblem] = []
    articles = _read_inputs(args, args.paths, problems)
    lines: list[str] = []
    written = 0
    outcomes = extractor.outcomes([(a.text, a.published, a.id) for a in articles], n_process=args.jobs)
    for article, result in zip(articles, _progress(outcomes, total=len(articles)), strict=True):
        if isinstance(result, DealparseError):
            problems.append(InputProblem(article.id, str(result)))
            continue
        record = {
            "id": article.id,
            "published": result.published.iso if result.published else None,
            "events": [e.model_dump(mode="json") for e in result.events],
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        written += 1
        if output is None:
            sys.stdout.write(line)
        else:
            lines.append(line)
    if output is not None:
        write_atomic(output, "".join(lines))
        print(f"wrote {len(lines)} record(s) to {output}", file=sys.stderr)
    return _finish(problems, written)


def cmd_show(args: argparse.Namespace) -> int:
    from dealparse.extractor import load
    from dealparse.render import events_table, html_page

    html = _safe_output(Path(args.html), [args.path], args.force) if args.html else None
    articles = list(read_articles([args.path], args.published, args.encoding))
    if not articles:
        raise DealparseError(f"{args.path}: no article in it")
    article = articles[0]
    result = load(args.model).extract(article.text, article.published, id=article.id)
    print(events_table(result))
    if html is not None:
        write_atomic(html, html_page(article.text, result))
        print(f"wrote {html}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from dealparse.events import json_schema_text

    return _write_or_print(json_schema_text() + "\n", args)


def _write_or_print(text: str, args: argparse.Namespace) -> int:
    """Write ``text`` to ``--output`` (safely, see :func:`_safe_output`), else to stdout."""
    if args.output:
        write_atomic(_safe_output(Path(args.output), [], args.force), text)
    else:
        sys.stdout.write(text)
    return 0


def _safe_output(output: Path, inputs: Sequence[Path], force: bool = False) -> Path:
    """Refuse to write over an input file, or over an existing file without ``--force``."""
    resolved = output.resolve()
    for path in inputs:
        files = path.rglob("*") if path.is_dir() else [path]
        if any(f.resolve() == resolved for f in files):
            raise DealparseError(f"{output} is an input; write the result to a new file")
    if output.exists() and not force:
        raise DealparseError(f"{output} exists; choose a new file or pass --force")
    if not output.parent.is_dir():
        raise DealparseError(f"{output.parent} is not a folder; create it first")
    return output


def cmd_annotate(args: argparse.Namespace) -> int:
    from dealparse.annotations.interchange import export_records
    from dealparse.annotations.preannotate import preannotate
    from dealparse.annotations.store import write_records
    from dealparse.extractor import load

    output = _safe_output(args.output, args.paths, args.force)
    problems: list[InputProblem] = []
    articles = [(a.id, a.text, a.published) for a in _progress(_read_inputs(args, args.paths, problems))]
    records = preannotate(load(args.model), articles, source=args.source)
    if args.to == "jsonl":
        write_records(records, output)
    else:
        export_records(records, args.to, output)
    print(f"wrote {len(records)} pre-annotated records to {output}", file=sys.stderr)
    return _finish(problems, len(articles))


def _report(errors: Sequence[object]) -> None:
    for error in errors:
        print(error, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from dealparse.annotations.check import annotation_files, check_files
    from dealparse.tokenizer import blank

    files = annotation_files(args.paths)
    problems = check_files(files, blank())
    for problem in problems:
        print(problem)
    print(f"{len(files)} file(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def cmd_config(args: argparse.Namespace) -> int:
    from dealparse.annotations.interchange import LABEL_STUDIO_CONFIG

    return _write_or_print(LABEL_STUDIO_CONFIG, args)


def cmd_import(args: argparse.Namespace) -> int:
    from dealparse.annotations.interchange import import_records
    from dealparse.annotations.store import LineError, write_records

    output = _safe_output(args.output, [args.path], args.force)
    errors: list[LineError] = []
    skipped: list[LineError] = []
    records = import_records(args.path, getattr(args, "from"), errors, skipped)
    _report(skipped)
    if skipped:
        print(f"{len(skipped)} task(s) without a person's annotation left out", file=sys.stderr)
    _report(errors)
    if errors:
        print(f"not written: {len(errors)} bad item(s) in {args.path}", file=sys.stderr)
        return 1
    print(f"wrote {write_records(records, output)} records to {output}", file=sys.stderr)
    return 0


def _read_all(paths: Sequence[Path]) -> list:
    from dealparse.annotations.check import annotation_files
    from dealparse.annotations.store import LineError, read_records

    errors: list[LineError] = []
    records = [record for path in annotation_files(paths) for _, record in read_records(path, errors)]
    if errors:
        _report(errors)
        raise DealparseError(f"{len(errors)} malformed line(s); nothing written")
    return records


def cmd_export(args: argparse.Namespace) -> int:
    from dealparse.annotations.interchange import export_records

    output = _safe_output(args.output, args.paths, args.force)
    records = _read_all(args.paths)
    if args.to == "spacy":
        from dealparse.tokenizer import blank
        from dealparse.training.corpus import write_docbin
        from dealparse.training.workflow import as_labelled

        counts = write_docbin(blank(), as_labelled(records), output)
        print(f"{counts.misaligned} span(s) off token boundaries left out", file=sys.stderr)
    else:
        export_records(records, args.to, output)
    print(f"wrote {len(records)} records to {output}", file=sys.stderr)
    return 0


def _gold_examples(nlp, paths: Sequence[Path]) -> tuple[list, object]:
    """Gold event files read, preprocessed by ``nlp`` and aligned, with the alignment counts."""
    from dealparse.training.event_corpus import AlignmentReport, load_examples, read_gold_files

    records = list(read_gold_files(paths))
    if not records:
        raise DealparseError("no gold event files (*.json, or annotation *.jsonl with events) found")
    report = AlignmentReport()
    examples = load_examples(nlp, _progress(records, "reading gold"), report)
    print(report.summary(), file=sys.stderr)
    return examples, report


def _train_ner(args: argparse.Namespace) -> dict[str, object]:
    from dealparse.annotations.check import annotation_files
    from dealparse.extractor import shipped_model_path
    from dealparse.training.workflow import TrainingRun, run_training

    base = args.base
    if base == "shipped":
        base = shipped_model_path()
        if base is None:
            raise DealparseError("no trained model is shipped in models/; train with --data first")
    run = TrainingRun(
        output=args.output,
        work=args.work or args.output.with_name(args.output.name + "-work"),
        data_dir=args.data,
        annotations=annotation_files(args.annotations),
        base=Path(base) if base else None,
        klue_steps=args.klue_steps,
        finetune_steps=args.finetune_steps,
        skip_flagged=args.skip_flagged,
        deal_news=args.deal_news,
    )
    if args.self_training_rounds is not None:
        if args.self_training_rounds < 0:
            raise DealparseError("--self-training-rounds must be 0 or more")
        run.self_training_rounds = args.self_training_rounds
    if args.domain_runs is not None:
        if args.domain_runs < 1:
            raise DealparseError("--domain-runs must be 1 or more")
        run.domain_runs = args.domain_runs
    return run_training(run)


def _train_events(args: argparse.Namespace, base: Path | None) -> dict[str, object]:
    """Train the event stages on top of ``base`` (default: the shipped pipeline) and save."""
    from dealparse.extractor import build_rules_pipeline, load_pipeline, shipped_model_path
    from dealparse.training.events import train_events

    if base is None and args.base not in (None, "shipped", "rules"):
        base = Path(args.base)
    if base is None and args.base != "rules":
        base = shipped_model_path()
        if base is None:
            raise DealparseError("no trained model is shipped in models/; give --base PATH or --base rules")
    if base is not None and not (Path(base) / "config.cfg").is_file():
        raise DealparseError(f"no pipeline at {base} to add the event components to")
    if base != args.output and args.output.exists() and any(args.output.iterdir()):
        raise DealparseError(f"{args.output} exists and is not empty; choose a new folder")
    nlp = build_rules_pipeline() if base is None else load_pipeline(Path(base))
    examples, report = _gold_examples(nlp, args.events)
    print(f"training the event components on {len(examples)} documents (seed {args.seed})", file=sys.stderr)
    info = train_events(nlp, examples, report, [str(p) for p in args.events], args.seed)
    nlp.to_disk(args.output)
    return {"events": info}


def cmd_train(args: argparse.Namespace) -> int:
    metrics: dict[str, object] = {}
    ner = args.data is not None or bool(args.annotations) or not args.events
    if ner:
        metrics.update(_train_ner(args))
    if args.events:
        metrics.update(_train_events(args, args.output if ner else None))
    print(json.dumps(metrics, indent=2, ensure_ascii=False))
    print(f"saved the pipeline to {args.output}", file=sys.stderr)
    return 0


def _evaluate_events(args: argparse.Namespace, extractor) -> dict[str, object]:
    from dealparse.training.events import compare_events

    if args.folds is not None and args.folds < 2:
        raise DealparseError("--folds must be 2 or more")
    seeds: list[int] = args.seed
    if len(seeds) > 1 and not args.folds:
        raise DealparseError("several --seed values need --folds (the seeds order the cross-validation's training)")
    if len(seeds) > 1 and args.predictions:
        raise DealparseError("--predictions writes one run: give one --seed")
    examples, report = _gold_examples(extractor.nlp, args.events)

    def progress(message: str) -> None:
        print(message, file=sys.stderr)

    how = f"{args.folds}-fold cross-validation by article" if args.folds else "the pipeline's trained stages"
    runs = []
    for seed in seeds:
        comparison, predictions = compare_events(extractor.nlp, examples, args.folds, seed, progress)
        runs.append(comparison)
        of_seed = f", seed {seed}" if len(seeds) > 1 else ""
        print(f"Events, {len(examples)} document(s): rules vs trained ({how}{of_seed})\n{comparison.table()}\n")
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as out:
            for ex in examples:
                out.write(json.dumps({"id": ex.id, "events": predictions[ex.id]}, ensure_ascii=False) + "\n")
        print(f"wrote the trained predictions to {args.predictions}", file=sys.stderr)
    found = {"folds": args.folds, "documents": len(examples), "alignment": report.summary()}
    if len(seeds) == 1:
        return {"events": {**runs[0].as_dict(), **found}}
    f1s = [round(run.trained.overall.f1, 4) for run in runs]
    eces = [run.ece for run in runs if run.ece is not None]
    summary = {
        "seeds": seeds,
        "trained_f1": f1s,
        "mean_f1": round(sum(f1s) / len(f1s), 4),
        "spread": round(max(f1s) - min(f1s), 4),
        "mean_ece": round(sum(eces) / len(eces), 4) if eces else None,
    }
    print(
        f"trained event F1 over seeds {' '.join(map(str, seeds))}: {' '.join(f'{f:.3f}' for f in f1s)}; "
        f"mean {summary['mean_f1']:.4f}, spread {summary['spread']:.3f} (rules {runs[0].rules.overall.f1:.3f})"
        + (f"; mean ECE {summary['mean_ece']:.3f}" if eces else "")
    )
    per_seed = [{"seed": seed, **run.as_dict()} for seed, run in zip(seeds, runs, strict=True)]
    return {"events": {"runs": per_seed, **summary, **found}}


def cmd_evaluate(args: argparse.Namespace) -> int:
    from dealparse.extractor import load
    from dealparse.training.evaluate import evaluate_ner, evaluate_record_events
    from dealparse.training.klue import KLUE_DEV_FILE, read_klue, split_klue
    from dealparse.training.workflow import as_labelled, in_dev_split

    extractor = load(args.model)
    report: dict[str, object] = {}
    if args.data:
        _, test = split_klue(list(read_klue(args.data / KLUE_DEV_FILE)))
        scores = evaluate_ner(extractor.nlp, test)
        report["klue_heldout_ner"] = scores.as_dict()
        print("NER, KLUE held-out split (exact character spans)\n" + scores.table() + "\n")
    if args.annotations:
        records = _read_all(args.annotations)
        if args.split == "dev":
            records = [r for r in records if in_dev_split(r.id)]
        scores = evaluate_ner(extractor.nlp, as_labelled(records))
        report["annotations_ner"] = scores.as_dict()
        print(f"NER, {len(records)} annotation record(s) ({args.split})\n" + scores.table() + "\n")
        events, with_events = evaluate_record_events(extractor, records)
        if with_events:
            report["annotations_events"] = events.as_dict()
            print(f"Events, {with_events} record(s) with events\n" + events.table() + "\n")
    if args.events:
        report.update(_evaluate_events(args, extractor))
    if not report:
        raise DealparseError("nothing to evaluate: give --data, --annotations and/or --events")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``dealparse`` command."""
    parser = argparse.ArgumentParser(
        prog="dealparse", description="Korean deal news to typed events (MOU, investment, partnership, ...)."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="extract events from articles and write JSONL")
    extract.add_argument("paths", nargs="+", type=Path, help=".txt, .json, .jsonl files or directories")
    extract.add_argument("-o", "--output", help="JSONL file to write (default: standard output)")
    extract.add_argument("--published", help="publication date (YYYY-MM-DD) for plain text files")
    extract.add_argument("--encoding", help="encoding of the input files (default: UTF-8 or UTF-16 by BOM, else UTF-8, else CP949)")
    extract.add_argument("--force", action="store_true", help="replace an existing output file")
    extract.add_argument("--model", help="a saved pipeline directory instead of the default")
    extract.add_argument(
        "--jobs", type=_positive, default=1, help="worker processes (each loads the pipeline; default: 1)"
    )
    extract.set_defaults(func=cmd_extract)

    show = sub.add_parser("show", help="print a table of one article's events")
    show.add_argument("path", type=Path, help="a .txt or .json article")
    show.add_argument("--published", help="publication date (YYYY-MM-DD)")
    show.add_argument("--encoding", help="encoding of the input files (default: UTF-8 or UTF-16 by BOM, else UTF-8, else CP949)")
    show.add_argument("--force", action="store_true", help="replace an existing output file")
    show.add_argument("--html", help="also write an HTML page highlighting entities and evidence")
    show.add_argument("--model", help="a saved pipeline directory instead of the default")
    show.set_defaults(func=cmd_show)

    schema = sub.add_parser("schema", help="print the JSON Schema of extraction results")
    schema.add_argument("-o", "--output", help="file to write (default: standard output)")
    schema.add_argument("--force", action="store_true", help="replace an existing output file")
    schema.set_defaults(func=cmd_schema)

    annotate = sub.add_parser(
        "annotate", help="pre-annotate raw articles for correction in an annotation tool"
    )
    annotate.add_argument("paths", nargs="+", type=Path, help=".txt, .json, .jsonl files or directories")
    annotate.add_argument("--to", choices=["label-studio", "doccano", "jsonl"], default="jsonl")
    annotate.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    annotate.add_argument("--published", help="publication date (YYYY-MM-DD) for plain text files")
    annotate.add_argument("--encoding", help="encoding of the input files (default: UTF-8 or UTF-16 by BOM, else UTF-8, else CP949)")
    annotate.add_argument("--source", default="", help="where the texts come from (kept in each record)")
    annotate.add_argument("--model", help="a saved pipeline directory instead of the default")
    annotate.add_argument("--force", action="store_true", help="replace an existing output file")
    annotate.set_defaults(func=cmd_annotate)

    annotations = sub.add_parser("annotations", help="check, import and export annotation files")
    ann = annotations.add_subparsers(dest="action", required=True)
    check = ann.add_parser("check", help="report problems with file and line; exit 1 if any")
    check.add_argument("paths", nargs="+", type=Path, help="annotation .jsonl files or directories")
    check.set_defaults(func=cmd_check)
    config = ann.add_parser("config", help="the Label Studio labelling interface (entities, events, roles, status)")
    config.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    config.add_argument("--force", action="store_true", help="replace an existing output file")
    config.set_defaults(func=cmd_config)
    imp = ann.add_parser("import", help="convert a Label Studio export or doccano JSONL to annotation JSONL")
    imp.add_argument("path", type=Path)
    imp.add_argument("--from", choices=["label-studio", "doccano"], required=True)
    imp.add_argument("-o", "--output", type=Path, required=True)
    imp.add_argument("--force", action="store_true", help="replace an existing output file")
    imp.set_defaults(func=cmd_import)
    exp = ann.add_parser("export", help="write annotation records for Label Studio, doccano or spaCy")
    exp.add_argument("paths", nargs="+", type=Path)
    exp.add_argument("--to", choices=["label-studio", "doccano", "spacy"], required=True)
    exp.add_argument("-o", "--output", type=Path, required=True)
    exp.add_argument("--force", action="store_true", help="replace an existing output file")
    exp.set_defaults(func=cmd_export)

    train = sub.add_parser("train", help="train the NER model and save a full pipeline")
    train.add_argument("-o", "--output", type=Path, required=True, help="new folder for the pipeline")
    train.add_argument("--data", type=Path, help="the corpora folder (KLUE-NER, KoNEC, raw text)")
    train.add_argument("--annotations", nargs="*", type=Path, default=[], help="annotation files or folders")
    train.add_argument(
        "--base",
        help="fine-tune this pipeline ('shipped' for the one in models/; with --events only, "
        "'rules' puts the event components on the rules pipeline without NER)",
    )
    train.add_argument("--work", type=Path, help="folder for intermediate files (default: OUTPUT-work)")
    train.add_argument("--klue-steps", type=int, help="training steps on KLUE (default: the config's)")
    train.add_argument("--finetune-steps", type=int, help="fine-tuning steps (default: the config's)")
    train.add_argument(
        "--self-training-rounds",
        type=int,
        help="after the KLUE stage: train afresh on silver labels from the model so far, this many times (default: 0)",
    )
    train.add_argument(
        "--skip-flagged",
        action="store_true",
        help="leave out the labelled KLUE train sentences flagged by their reassembly (83)",
    )
    train.add_argument(
        "--deal-news",
        action="store_true",
        help="also fine-tune on the parties of DATA/deal-news/gold as partial ORG labels (one fold held out)",
    )
    train.add_argument(
        "--domain-runs",
        type=int,
        help="fine-tune this many times with different seeds and average the weights (default: 4)",
    )
    train.add_argument(
        "--events",
        nargs="*",
        type=Path,
        default=[],
        help="gold event files or folders: train the event components on them (on top of --base, "
        "default the shipped pipeline, or of the NER model trained with --data)",
    )
    train.add_argument("--seed", type=int, default=0, help="random seed of the event components (default: 0)")
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser("evaluate", help="print NER and event scores as tables (and JSON)")
    evaluate.add_argument("--model", help="a saved pipeline ('rules' for rules only; default: shipped)")
    evaluate.add_argument("--data", type=Path, help="the corpora folder: score the KLUE held-out split")
    evaluate.add_argument(
        "--annotations", nargs="*", type=Path, default=[], help="annotation files or folders"
    )
    evaluate.add_argument("--split", choices=["dev", "all"], default="all", help="which annotation records")
    evaluate.add_argument(
        "--events",
        nargs="*",
        type=Path,
        default=[],
        help="gold event files or folders: score the event stage",
    )
    evaluate.add_argument(
        "--folds", type=int, help="with --events: cross-validate the trained event components by article"
    )
    evaluate.add_argument(
        "--seed",
        type=int,
        nargs="+",
        default=[0],
        help="random seed of the cross-validation training; several (with --folds) run once each and "
        "print the trained F1's mean and spread (a change worth keeping beats the spread)",
    )
    evaluate.add_argument("--predictions", help="with --events: write the trained predictions as JSONL")
    evaluate.add_argument("--json", help="also write the scores to this JSON file")
    evaluate.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DealparseError, json.JSONDecodeError, UnicodeDecodeError, FileExistsError) as exc:
        print(f"dealparse: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
