"""``mentormatch explain``: why a pupil got this volunteer (against the runner-up), or no one.

With the input files at hand, an unmatched pupil also gets the changes that
would get them a volunteer, each verified by re-solving (``--fixes``), and a
matched pupil the volunteers with room who could take them (``mentormatch.whatif``).

Reads ``result.json`` written by ``mentormatch match`` in OUTDIR. For a
matched pupil it prints the pair and its cost per criterion, then compares it
with the runner-up: the cheapest other volunteer passing every hard rule,
recomputed from the input files recorded in ``result.json`` (when they are
still there and unchanged). For an unmatched pupil it prints each reason in
words: how many volunteers each hard rule eliminated, or which suitable
volunteers exist and whom they took instead.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentormatch.cli._common import EXIT_INPUT, EXIT_OK, UsageError
from mentormatch.i18n import fmt_int, fmt_num, has, t
from mentormatch.result.explain import alternatives
from mentormatch.result.labels import describe_reason, rule_label

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem
    from mentormatch.result.document import InputFile
    from mentormatch.result.model import MatchResult, Pair, Unmatched

__all__ = ["alternatives", "register", "run"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``explain`` command."""
    p = sub.add_parser("explain", help=t("explain.help"), description=t("explain.description"))
    p.add_argument("outdir", type=Path, help=t("explain.opt.outdir"))
    p.add_argument("student_id", help=t("explain.opt.student_id"))
    p.add_argument("--lang", choices=("en", "fr"), default=None, help=t("explain.opt.lang"))
    p.add_argument("--alternatives", type=int, default=3, metavar="K",
                   help=t("explain.opt.alternatives"))
    p.add_argument("--format", choices=("text", "json"), default="text", help=t("opt.format"))
    p.add_argument("--fixes", type=int, default=3, metavar="N", help=t("explain.opt.fixes"))
    p.set_defaults(func=run)


def _load_problem(inputs: Mapping[str, InputFile | None], outdir: Path,
                  lang: str | None = None) -> tuple[Problem | None, str | None]:
    """Re-read the problem from the input files recorded in result.json, if unchanged.

    ``result.json`` records each file's name and SHA-256, not its folder: the file
    is looked for in the results folder, its parent and the current folder, and
    used only if its content is the one matched. The reason it is not found is
    in ``lang`` (default: the language of the run).
    """
    from mentormatch.io import read_problem

    paths: dict[str, Path] = {}
    for key in ("students", "mentors", "policy"):
        info = inputs.get(key)
        if not info:
            continue
        places = [d / info["name"] for d in (outdir, outdir.parent, Path.cwd())]
        if "path" in info:  # written by an older version
            places.insert(0, Path(info["path"]))
        found = [p for p in places if p.is_file()]
        if not found:
            return None, t("explain.text.file_missing", lang, name=info["name"],
                           outdir=outdir)
        same = [p for p in found
                if hashlib.sha256(p.read_bytes()).hexdigest() == info.get("sha256")]
        if not same:
            return None, t("explain.text.file_changed", lang, path=found[0])
        paths[key] = same[0]
    if "students" not in paths or "mentors" not in paths:
        return None, t("explain.text.not_recorded", lang)
    return read_problem(paths["students"], paths["mentors"], policy=paths.get("policy")), None


def _criterion(term: str, lang: str) -> str:
    key = f"criterion.{term}"
    return t(key, lang) if has(key) else term


def _fmt_breakdown(rows: list[tuple[str, float | None, float | None]], names: tuple[str, str],
                   lang: str) -> list[str]:
    width = max([16] + [len(crit) + 2 for crit, _, _ in rows])
    lines = [f"    {t('explain.text.criterion', lang):<{width}}{names[0]:>14}{names[1]:>14}"]
    for crit, a, b in rows:
        fa = "" if a is None else fmt_num(a, lang)
        fb = "" if b is None else fmt_num(b, lang)
        lines.append(f"    {crit:<{width}}{fa:>14}{fb:>14}")
    return lines


def _modality(modality: str, lang: str) -> str:
    return t("modality.remote" if modality == "remote" else "modality.in_person", lang)


def _distance(km: float | None, lang: str) -> str:
    return "" if km is None else f", {fmt_num(km, lang, 1)} km"


def _explain_pair(result: MatchResult, pair: Pair, k: int, problem: Problem | None,
                  why_not: str | None, lang: str = "en") -> tuple[list[str], dict[str, Any]]:
    from mentormatch.result.export import pair_dict

    loads = {m.mentor_id: m for m in result.mentors}
    lines = [
        t("explain.text.paired", lang, student=pair.student_id, mentor=pair.mentor_id),
        t("explain.text.pair", lang, subject=pair.subject, session=pair.session,
          modality=_modality(pair.modality, lang), distance=_distance(pair.distance_km, lang)),
        t("explain.text.cost", lang, cost=fmt_num(pair.cost, lang)),
    ]
    data: dict[str, Any] = {"student_id": pair.student_id, "matched": True,
                            "pair": pair_dict(pair)}
    alts: list[dict[str, Any]] = []
    if problem is not None:
        alts = alternatives(problem, pair.student_id, k, exclude=pair.mentor_id)
        data["alternatives"] = alts
    if alts:
        ru = alts[0]
        chosen = pair.breakdown
        crits = sorted(set(chosen) | set(ru["breakdown"]))
        lines.append(t("explain.text.runner_up", lang, mentor=ru["mentor_id"],
                       modality=_modality(ru["modality"], lang),
                       distance=_distance(ru.get("distance_km"), lang)))
        lines.extend(_fmt_breakdown(
            [(_criterion(c, lang), chosen.get(c), ru["breakdown"].get(c)) for c in crits]
            + [(t("explain.text.total", lang), pair.cost, ru["cost"])],
            (pair.mentor_id[:12], ru["mentor_id"][:12]), lang))
        lines.append(t("explain.text.runner_up_note", lang))
        load = loads.get(ru["mentor_id"])
        if load is not None and load.load >= load.capacity:
            lines.append(t("explain.text.full", lang, mentor=ru["mentor_id"], load=load.load,
                           capacity=load.capacity, students=", ".join(load.students)))
        if len(alts) > 1:
            lines.append(t("explain.text.others", lang, mentors=", ".join(
                t("explain.text.other", lang, mentor=a["mentor_id"],
                  cost=fmt_num(a["cost"], lang)) for a in alts[1:])))
        lines.append(t("explain.text.optimal", lang))
    else:
        lines.append(t("explain.text.per_criterion", lang))
        rows = [(_criterion(c, lang), v) for c, v in sorted(pair.breakdown.items())]
        width = max([16] + [len(c) + 2 for c, _ in rows])
        for c, v in rows:
            lines.append(f"    {c:<{width}}{fmt_num(v, lang):>10}")
        if problem is not None:
            lines.append(t("explain.text.no_other", lang))
        elif why_not:
            lines.append(t("explain.text.not_computed", lang, why=why_not))
    return lines, data


def _explain_unmatched(u: Unmatched, lang: str) -> tuple[list[str], dict[str, Any]]:
    from mentormatch.result.export import reason_dict

    lines = [t("explain.text.unmatched", lang, student=u.student_id)]
    for r in u.reasons:
        lines.append(f"  - {describe_reason(r.code, r.details, lang)} [{r.code}]")
        elim = r.details.get("eliminated_by") or {}
        if elim:
            total = r.details.get("volunteers")
            lines.append(t("explain.text.eliminated", lang, total=total) if total
                         else t("explain.text.eliminated_all", lang))
            for rule, n in elim.items():
                lines.append(f"      {rule_label(rule, lang):<40}{fmt_int(n, lang):>8}  [{rule}]")
        taken = r.details.get("taken_by") or {}
        for m, studs in taken.items():
            lines.append(t("explain.text.took", lang, mentor=m, students=", ".join(studs)
                           if studs else t("explain.text.nobody", lang)))
        if r.message and lang == "en":  # the engine's own note (English); the lines above
            lines.append(f"    ({r.message})")  # say the same in every language
    return lines, {"student_id": u.student_id, "matched": False,
                   "reasons": [reason_dict(r, lang) for r in u.reasons]}


def _w(key: str, lang: str, **values: Any) -> str:
    return t(f"explain.text.{key}", lang, **values)


def _fixes(result: MatchResult, problem: Problem | None, why_not: str | None, sid: str,
           n: int, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The verified fixes of an unmatched pupil (``mentormatch.whatif``)."""
    from mentormatch.whatif.explain import engine_of
    from mentormatch.whatif.fixes import find_fixes

    if problem is None:
        return [_w("no_problem", lang, why=why_not)], []
    fixes, tried = find_fixes(engine_of(result, problem), sid, max_fixes=n)
    if not fixes:
        return [_w("no_fix", lang, n=len(tried))], []
    lines = [_w("fixes", lang)]
    lines += [f"    {k}. {f.describe(lang)}" for k, f in enumerate(fixes, 1)]
    return lines, [{"kind": f.kind, "description": f.words.get(lang, f.description),
                    "matched": f.matched, "mentor_id": f.mentor_id,
                    "session": str(f.session) if f.session else None,
                    "displaced": f.displaced, "displaced_ids": list(f.displaced_ids),
                    "cost_delta": round(f.cost_delta, 4)} for f in fixes]


def _backups(result: MatchResult, problem: Problem, sid: str, k: int, lang: str
             ) -> tuple[list[str], list[dict[str, Any]]]:
    """Backup volunteers of a matched pupil (``mentormatch.whatif``)."""
    from mentormatch.whatif.explain import alternates

    pair = result.pair_of(sid)
    mid = pair.mentor_id if pair else "?"
    alts = alternates(result, sid, k, problem=problem)
    if not alts:
        return [_w("no_backup", lang, m=mid)], []
    lines = [_w("backups", lang, m=mid)]
    lines += [f"    {a.mentor_id}  {a.session}  {_w('extra', lang)} "
              f"{'+' if a.extra_cost >= 0 else ''}{fmt_num(a.extra_cost, lang)}" for a in alts]
    return lines, [{"mentor_id": a.mentor_id, "session": str(a.session),
                    "extra_cost": a.extra_cost, "reduced_cost": a.reduced_cost} for a in alts]


def results_folder(path: Path) -> Path:
    """The results folder named by ``path``: itself, or the folder of its ``result.json``."""
    from mentormatch.result.read import RESULT_FILE

    return path.parent if path.name == RESULT_FILE and path.is_file() else path


def load_results(outdir: Path) -> tuple[Any, Any]:
    """The ``result.json`` document of a results folder and its result (``UsageError`` if not)."""
    from mentormatch.errors import InputError
    from mentormatch.result.read import RESULT_FILE, read_document, result_from_document

    path = outdir / RESULT_FILE
    if not path.is_file():
        raise UsageError(t("explain.text.no_result", path=path, outdir=outdir))
    try:
        doc = read_document(path)
        return doc, result_from_document(doc, source=str(path))
    except (OSError, InputError) as exc:
        raise UsageError(t("explain.text.cannot_read", path=path, error=exc)) from None


def run(args: argparse.Namespace) -> int:
    """Print the explanation."""
    from mentormatch.domain._text import normalize_id

    args.outdir = results_folder(args.outdir)
    doc, result = load_results(args.outdir)
    sid = normalize_id(args.student_id)
    lang = args.lang or doc.get("lang") or "en"
    pair = result.pair_of(sid)
    unmatched = next((u for u in result.unmatched if u.student_id == sid), None)
    if pair is not None:
        problem, why_not = (None, None)
        if args.alternatives > 0:
            problem, why_not = _load_problem(doc.get("inputs") or {}, args.outdir, lang)
        lines, data = _explain_pair(result, pair, args.alternatives, problem, why_not, lang)
        if problem is not None and args.alternatives > 0:
            more, backups = _backups(result, problem, sid, args.alternatives, lang)
            lines.extend(more)
            data["alternates"] = backups
    elif unmatched is not None:
        lines, data = _explain_unmatched(unmatched, lang)
        if args.fixes > 0:
            problem, why_not = _load_problem(doc.get("inputs") or {}, args.outdir, lang)
            more, fixes = _fixes(result, problem, why_not, sid, args.fixes, lang)
            lines.extend(more)
            data["fixes"] = fixes
    else:
        print(t("explain.text.no_such_pupil", lang, sid=sid, path=args.outdir / "result.json"),
              file=sys.stderr)
        return EXIT_INPUT
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        print("\n".join(lines))
    return EXIT_OK
