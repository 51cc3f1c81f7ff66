#!/usr/bin/env python3
"""Reference values for the backtest metrics, computed with scikit-learn, stored as test fixtures.

    python3 Scripts/backtest_reference.py [--scores FILE NAME K ...]

Writes Tests/RelmapCoreTests/Fixtures/backtest/<name>.json. Each fixture holds the scores and
outcomes of some candidates and, per method, what scikit-learn says of them:

- auc:               sklearn.metrics.roc_auc_score(won, score)
- average_precision: sklearn.metrics.average_precision_score(won, score)
- hits (top k):      wins among the k best scores; a tie that straddles place k is split evenly
                     (the expected hits of breaking it at random), computed here by averaging over
                     every way the tied group can fill the remaining places (exact, by counting)

and, for the random baseline, the mean average precision over every order of a small list
(brute force over all permutations, each scored by average_precision_score).

`metrics` cases are generated here (deterministic: seeded, with many ties); `--scores FILE NAME K`
adds the CSV that `relmap backtest DIR --as-of D --scores FILE` writes (columns id, name, won, one
per method), e.g. for Graphs/battery-chain, so the Swift test can check the whole backtest.
"""
import csv
import itertools
import json
import math
import os
import random
import sys

from sklearn.metrics import average_precision_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "RelmapCoreTests", "Fixtures", "backtest")


def hits_at(scores, won, k):
    """Expected wins in the top k when ties are broken uniformly at random."""
    k = min(k, len(scores))
    order = sorted(set(scores), reverse=True)
    taken, hits = 0, 0.0
    for s in order:
        group = [w for x, w in zip(scores, won) if x == s]
        room = k - taken
        if room <= 0:
            break
        if len(group) <= room:
            hits += sum(group)
            taken += len(group)
        else:
            # Every subset of `room` members of the group is equally likely to be taken: the
            # expected wins among them, counted over all subsets (hypergeometric mean).
            wins = sum(group)
            subsets = math.comb(len(group), room)
            total = sum(math.comb(wins, j) * math.comb(len(group) - wins, room - j) * j for j in range(0, room + 1))
            hits += total / subsets
            taken = k
    return hits


def metrics(scores, won, k):
    return {
        "hits": hits_at(scores, won, k),
        "auc": roc_auc_score(won, scores),
        "average_precision": average_precision_score(won, scores),
    }


def generated_cases():
    rng = random.Random(20261202)
    cases = []
    for n, wins, levels, k in [(12, 3, 4, 5), (40, 7, 6, 10), (200, 19, 0, 25), (500, 40, 12, 100), (60, 59, 5, 10), (30, 1, 3, 4)]:
        won = [1] * wins + [0] * (n - wins)
        rng.shuffle(won)
        if levels:
            # Scores leaning towards the wins, on a few levels: many ties.
            scores = [float(min(levels - 1, int(rng.random() * levels + (1.5 if w else 0)))) for w in won]
        else:
            scores = [rng.random() + (0.3 if w else 0) for w in won]
        cases.append({"name": "n%d-w%d-levels%d" % (n, wins, levels), "k": k, "scores": scores, "won": won,
                      "expected": metrics(scores, won, k)})
    return cases


def random_baseline():
    out = []
    for n, wins in [(5, 2), (6, 1), (7, 3)]:
        won0 = [1] * wins + [0] * (n - wins)
        aps = []
        for perm in itertools.permutations(range(n)):
            won = [won0[i] for i in perm]
            aps.append(average_precision_score(won, [n - i for i in range(n)]))
        out.append({"candidates": n, "wins": wins, "average_precision": sum(aps) / len(aps)})
    return out


def from_scores_file(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    methods = [c for c in rows[0].keys() if c not in ("id", "name", "won")]
    won = [int(r["won"]) for r in rows]
    return {"ids": [r["id"] for r in rows], "won": won,
            "scores": {m: [float(r[m]) for r in rows] for m in methods}}


def main(argv):
    os.makedirs(OUT, exist_ok=True)
    doc = {"cases": generated_cases(), "random": random_baseline()}
    with open(os.path.join(OUT, "metrics.json"), "w") as f:
        json.dump(doc, f, indent=1)
    args = argv[1:]
    while args[:1] == ["--scores"]:
        path, name, k = args[1], args[2], int(args[3])
        data = from_scores_file(path)
        data["k"] = k
        data["expected"] = {m: metrics(s, data["won"], k) for m, s in data["scores"].items()}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(data, f, indent=1)
        args = args[4:]
    print("wrote", OUT)


if __name__ == "__main__":
    main(sys.argv)
