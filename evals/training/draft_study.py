"""How well do whole offline drafts get the incident's moments right on transcripts their reader never saw?

Usage: python evals/training/draft_study.py [--folds 5] [--writers w25,w26] [--cache DIR] [--verbose]

The corpus is split into folds by transcript (GroupKFold); for each fold both shipped models (message kinds and
stated times) are fitted on the other folds, and every transcript of the fold is drafted offline with them, the
way `postmortem draft` would (its labelled zone and date given as --tz and --date). The draft's metrics (SPEC
definitions, agent/facts/metrics.py) are compared with the same definitions applied to a timeline built from the
writers' own labels: each message labelled with a timeline kind at its own time, and each time a message states
(impact start, change, trigger, mitigation, end of impact as the recovery) at that time, moved to the chat's clock
when it names another zone. A stated time in a zone that cannot be related to the chat's (the chat's own zone is
unknown) is left out of the gold timeline, so a few moments have no gold value.

This is the development set's question (metrics within 2 minutes) asked of 600 transcripts nobody tuned for: it
decides between designs of the facts layer (which impact start, which recovery) without looking at
`../shared/devset`. Fold models are cached (--cache) so several designs can be compared on the same readers.
"""

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_reader import MESSAGES, context_inputs, features_of, fit, fit_context, load_corpus, stated_examples

import agent.reading.context as context_module
import agent.reading.model as kind_module
import agent.reading.stated as stated_module
from agent.draft import draft
from agent.facts.metrics import compute_metrics
from agent.models import TimelineEvent
from agent.reading import READING_KINDS
from agent.reading.context import ContextModel, context_model, read_context_model
from agent.reading.features import message_features
from agent.reading.model import KindModel
from agent.transcript.zones import as_written_by, zone_from_token

DURATIONS = ("ttd_minutes", "tta_minutes", "ttm_minutes", "ttr_minutes", "ttc_minutes")
MOMENTS = ("impact_start", "detected", "acknowledged", "mitigated", "recovered", "resolved")
TOLERANCE_MINUTES = 2.0
STATED_AS = {"impact_end": "recovery"}
LEAST_CONFIDENCE = 0.45  # the shipped reader's; a fold model is judged with the same cut
_TIMELINE_KINDS = frozenset(READING_KINDS[:READING_KINDS.index("impact_statement")])
_NO_DAY = dt.date(2000, 1, 1)


def _models(index: int, train_names: set[str], corpus: list[dict], cache: Path) -> tuple[KindModel, KindModel]:
    kinds_path, stated_path = cache / f"fold{index}_kinds.npz", cache / f"fold{index}_stated.npz"
    training = [t for t in corpus if t["name"] in train_names]
    if not kinds_path.exists():
        features, labels, _ = features_of(training)
        labels = np.array(labels, dtype=object)
        classifier, vocabulary = fit(features, labels, np.arange(len(labels)))
        weights = classifier.coef_.T
        KindModel([str(c) for c in classifier.classes_], vocabulary, weights[:len(vocabulary)],
                  weights[len(vocabulary):], classifier.intercept_, least_confidence=LEAST_CONFIDENCE).save(kinds_path)
    if not stated_path.exists():
        features, extras, labels, _ = stated_examples(training)
        classifier, vocabulary = fit(features, labels, np.arange(len(labels)), extras)
        weights = classifier.coef_.T
        KindModel([str(c) for c in classifier.classes_], vocabulary, weights[:len(vocabulary)],
                  weights[len(vocabulary):], classifier.intercept_).save(stated_path)
    return _load(kinds_path), _load(stated_path)


def _returning(model: KindModel):
    """A stand-in for the shipped model's loader that returns the fold's model."""
    return lambda: model


def _load(path: Path) -> KindModel:
    data = np.load(path)
    return KindModel([str(c) for c in data["classes"]], data["keys"], data["sparse"], data["dense"], data["bias"],
                     float(data["least_confidence"]))


def _moment(stamp: str | None, day: dt.date) -> dt.datetime | None:
    if not stamp:
        return None
    if "T" in stamp:
        return dt.datetime.fromisoformat(stamp[:16])
    return dt.datetime.combine(day, dt.time.fromisoformat(stamp[:5]))


def gold_timeline(raw: list[dict], meta: dict) -> list[TimelineEvent]:
    """The writers' labels as a timeline: labelled kinds at their message's time, stated times at theirs. A message
    that states the time of the very event it is labelled with ("impact 14:12 to 14:31", labelled impact_start)
    is that event at the stated time, not also at the time it was said. A time stated in another zone is moved to
    the chat's clock when both zones are known."""
    events, day, last = [], dt.date.fromisoformat(meta["date"]) if meta.get("date") else _NO_DAY, None
    chat_zone = ZoneInfo(meta["timezone"]) if meta.get("timezone") else None
    for label in raw:
        said = _moment(label.get("time"), day)
        if said is None:
            continue
        if last is not None and said < last - dt.timedelta(hours=6) and "T" not in label["time"]:
            said += dt.timedelta(days=1)  # an undated chat past midnight
            day = said.date()
        last = said
        stated_events = []
        for stated in label.get("stated") or []:
            kind = STATED_AS.get(stated["event"], stated["event"])
            if kind not in _TIMELINE_KINDS:
                continue
            moment = _stated_moment(stated, said, meta, chat_zone)
            if moment is not None:
                stated_events.append(TimelineEvent(time=moment, kind=kind, event=stated["span"][:80],
                                                   source_lines=[label["line"]]))
        if label["kind"] in _TIMELINE_KINDS and not any(event.kind == label["kind"] for event in stated_events):
            events.append(TimelineEvent(time=said, kind=label["kind"], event=label["text"][:80], source_lines=[label["line"]]))
        events += stated_events
    return events


def _stated_moment(stated: dict, said: dt.datetime, meta: dict, chat_zone) -> dt.datetime | None:
    """A stated time on the chat's clock: its own zone's time of day on the day it was said (or the stated date),
    the day before when that is still to come, then moved to the chat's zone. None when the zones cannot be
    related (a zone named in a chat whose own zone is unknown, or a zone nobody can read)."""
    hour, minute = (int(part) for part in stated["time"].split(":"))
    zone = stated.get("zone")
    own = None
    if zone not in (None, meta.get("timezone")):
        own = zone_from_token(zone)
        if own is None or chat_zone is None or said.date() == _NO_DAY:
            return None
        if as_written_by(own, chat_zone, said.replace(tzinfo=chat_zone)) is chat_zone:
            own = None  # the chat's own zone by its abbreviation ("IST" in a Dublin chat)
    said_there = said.replace(tzinfo=chat_zone).astimezone(own).replace(tzinfo=None) if own else said
    moment = said_there.replace(hour=hour, minute=minute)
    if stated.get("date"):
        moment = moment.replace(year=int(stated["date"][:4]), month=int(stated["date"][5:7]),
                                day=int(stated["date"][8:10]))
    elif moment > said_there + dt.timedelta(minutes=5):
        moment -= dt.timedelta(days=1)  # said after it happened: a time not yet come today was yesterday's
    return moment.replace(tzinfo=own).astimezone(chat_zone).replace(tzinfo=None) if own else moment


def _context_models(corpus: list[dict], splits: list, kinds: list[KindModel], cache: Path) -> list[ContextModel]:
    """Each fold's context model, fitted on the first readings of its training transcripts by the fold models that
    never saw them (the way train_reader.py fits the shipped one), and judged with the shipped model's cut and
    share. A transcript's reading comes from its own fold's model: one that saw the other folds, this fold's test
    transcripts among them, so the context model's inputs are out-of-fold, not nested."""
    shipped = context_model()
    paths = [cache / f"fold{index}_context.npz" for index in range(len(splits))]
    if not all(path.exists() for path in paths):
        fold_of = {i: index for index, (_, test) in enumerate(splits) for i in test}
        readings = [kinds[fold_of[i]].probabilities(message_features(t["texts"], t["parser_kinds"]))
                    for i, t in enumerate(corpus)]
        groups = np.concatenate([[i] * len(t["labels"]) for i, t in enumerate(corpus)])
        inputs = context_inputs(np.vstack(readings), groups)
        labels = np.array([label for t in corpus for label in t["labels"]], dtype=object)
        for path, (train, _) in zip(paths, splits, strict=True):
            fit_context(inputs, labels, np.flatnonzero(np.isin(groups, train)), shipped.least_confidence).save(path)
    models = []
    for path in paths:
        with path.open("rb") as handle:
            model = read_context_model(handle)
        model.least_confidence, model.share = shipped.least_confidence, shipped.share
        models.append(model)
    return models


def study(corpus: list[dict], folds: int, cache: Path, writers: set[str] | None, verbose: bool) -> dict:
    groups = np.arange(len(corpus))
    hits, totals, misses = Counter(), Counter(), []
    splits = list(GroupKFold(n_splits=folds).split(groups, groups, groups))
    kinds_models, stated_models = zip(*(_models(index, {corpus[i]["name"] for i in train}, corpus, cache)
                                        for index, (train, _) in enumerate(splits)), strict=True)
    context_models = _context_models(corpus, splits, list(kinds_models), cache)
    original = kind_module.kind_model, stated_module.stated_model, context_module.context_model
    try:
        for index, (_, test) in enumerate(splits):
            kind_module.kind_model, stated_module.stated_model, context_module.context_model = (
                _returning(kinds_models[index]), _returning(stated_models[index]), _returning(context_models[index]))
            for i in test:
                transcript = corpus[i]
                if writers and transcript["writer"] not in writers:
                    continue
                folder = next(MESSAGES.glob(f"*/{transcript['name']}"))
                meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
                gold = compute_metrics(gold_timeline(transcript["raw"], meta))
                anchor = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
                try:
                    drafted = draft(str(folder / "transcript.txt"), today=anchor or dt.date(2026, 12, 1), env={},
                                    tz=meta.get("timezone"), anchor_date=anchor, offline=True).pack.metrics
                except Exception as error:  # a study must finish: count the transcript as all-wrong and say so
                    print(f"{transcript['name']}: {type(error).__name__}: {error}", file=sys.stderr)
                    drafted = None
                zone = ZoneInfo(meta["timezone"]) if meta.get("timezone") else None
                for name in (*DURATIONS, *MOMENTS):
                    want = getattr(gold, name)
                    if want is None:
                        continue
                    got = getattr(drafted, name) if drafted else None
                    if isinstance(got, dt.datetime):
                        got = _on_the_chat_clock(got, zone)
                        apart = _minutes_apart(got, want, dated=anchor is not None) if got is not None else None
                    else:
                        apart = abs(got - want) if got is not None else None
                    totals[name] += 1
                    right = apart is not None and apart <= TOLERANCE_MINUTES
                    hits[name] += int(right)
                    if not right:
                        misses.append((transcript["name"], name, want, got))
    finally:
        kind_module.kind_model, stated_module.stated_model, context_module.context_model = original
    if verbose:
        for name, metric, want, got in misses:
            print(f"  {name:50} {metric} gold {want} draft {got}")
    def shares(names):
        return {name: {"right": hits[name], "of": totals[name], "share": round(hits[name] / totals[name], 3)}
                for name in names if totals[name]}
    right, of = sum(hits[name] for name in DURATIONS), sum(totals[name] for name in DURATIONS)
    return {"within_minutes": TOLERANCE_MINUTES, "right": right, "of": of, "share": round(right / of, 3),
            "per_metric": shares(DURATIONS), "per_moment": shares(MOMENTS)}


def _minutes_apart(got: dt.datetime, want: dt.datetime, *, dated: bool) -> float:
    """Minutes between two moments; for a chat that shows no date, between their times of day (the draft puts an
    undated chat on a day of its own choosing, the labels on none)."""
    if dated:
        return abs((got - want).total_seconds()) / 60
    apart = abs((got.hour * 60 + got.minute) - (want.hour * 60 + want.minute))
    return min(apart, 24 * 60 - apart)


def _on_the_chat_clock(moment: dt.datetime, zone) -> dt.datetime | None:
    """A draft's time as the labels write it: naive, on the chat's clock (an aware time without a known chat zone
    cannot be compared)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone).replace(tzinfo=None) if zone else None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--writers", help="only draft these writers' transcripts (comma-separated); folds use all")
    parser.add_argument("--cache", type=Path, help="keep the fold models here and reuse them (default: a temp dir)")
    parser.add_argument("--verbose", action="store_true", help="list every metric the drafts got wrong")
    args = parser.parse_args(argv)
    corpus = load_corpus()
    writers = set(args.writers.split(",")) if args.writers else None
    with tempfile.TemporaryDirectory() as scratch:
        cache = args.cache or Path(scratch)
        cache.mkdir(parents=True, exist_ok=True)
        report = study(corpus, args.folds, cache, writers, args.verbose)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
