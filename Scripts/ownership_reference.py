#!/usr/bin/env python3
"""Reference answers for integrated ownership and control (Sources/RelmapCore/Ownership), computed
with numpy, independently of the Swift code.

Writes JSON fixtures to Tests/RelmapCoreTests/Fixtures/ownership/, one per case:
  {"name", "entities": [{"id", "kind"}], "owns": [[holder, held, share]],
   "U": {holder: {held: share}}      integrated ownership (I - W)^-1 W, off the diagonal, > 1e-15,
   "diagonal": {id: U[id][id]}       a company's share in itself through cross-holdings, > 1e-15,
   "controller": {id: [controller, "majority"|"relative"]}, "ultimate": {id: top}}

U is a dense linear solve, numpy.linalg.solve(I - W, W), on the whole matrix: the opposite of what
the Swift code does (a sparse, per-entity, component-by-component iteration). The cases hold
chains, diamonds, cross-holdings, cycles with an outside holder, a mutual majority (a control loop)
and random layered worlds with cross-holdings. Control is re-implemented from the rule in
Guides/Ownership.md: more than 50 % directly is majority control; else the largest holder, alone at
the top, with at least 30 % controls relatively; control passes up the chain.

Run: python3 Scripts/ownership_reference.py
"""
import json
import os
import random

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "RelmapCoreTests", "Fixtures", "ownership")
FLOOR = 0.3


def solve(ids, owns):
    index = {v: i for i, v in enumerate(ids)}
    n = len(ids)
    w = np.zeros((n, n))
    for a, b, s in owns:
        w[index[a], index[b]] += s
    u = np.linalg.solve(np.eye(n) - w, w)
    full, diagonal = {}, {}
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            if abs(u[i, j]) <= 1e-15:
                continue
            if i == j:
                diagonal[a] = float(u[i, j])
            else:
                full.setdefault(a, {})[b] = float(u[i, j])
    return full, diagonal


def control(ids, owns):
    holders = {}
    for a, b, s in owns:
        holders.setdefault(b, {})
        holders[b][a] = holders[b].get(a, 0) + s
    controller = {}
    for b, hs in holders.items():
        ranked = sorted(hs.items(), key=lambda kv: -kv[1])
        top, share = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if share <= second:
            continue
        if share > 0.5 + 1e-9:
            controller[b] = [top, "majority"]
        elif share >= FLOOR - 1e-9:
            controller[b] = [top, "relative"]
    ultimate = {}
    for v in ids:
        if v not in controller:
            continue
        seen, x = {v}, v
        while x in controller:
            x = controller[x][0]
            if x in seen:
                x = None
                break
            seen.add(x)
        if x is not None:
            ultimate[v] = x
    return controller, ultimate


def case(name, entities, owns):
    ids = [e[0] for e in entities]
    full, diagonal = solve(ids, owns)
    controller, ultimate = control(ids, owns)
    return {"name": name, "entities": [{"id": i, "kind": k} for i, k in entities],
            "owns": [[a, b, s] for a, b, s in owns], "U": full, "diagonal": diagonal,
            "controller": controller, "ultimate": ultimate}


def companies(*ids):
    return [(i, "company") for i in ids]


def layered(seed, n, cross):
    """Random layered groups: persons at the top, holding chains below, minority co-holders, and
    `cross` cross-holdings (a subsidiary holding a little of an entity above it)."""
    rng = random.Random(seed)
    persons = [f"P{i}" for i in range(max(2, n // 8))]
    firms = [f"F{i}" for i in range(n)]
    level = {f: rng.randrange(0, 6) for f in firms}
    held = {f: 0.0 for f in firms}
    owns = []
    for f in firms:
        above = [g for g in firms if level[g] < level[f]]
        holders = rng.sample(above, min(len(above), rng.randrange(1, 4))) if above and level[f] > 0 else []
        if not holders:
            holders = rng.sample(persons, rng.randrange(1, 3))
        for h in holders:
            s = round(rng.uniform(0.05, 1 - held[f]) if rng.random() < 0.5 else rng.uniform(0.05, 0.6), 4)
            s = min(s, round(1 - held[f], 4))
            if s <= 0.01:
                break
            owns.append((h, f, s))
            held[f] += s
    for _ in range(cross):
        a, b = rng.sample(firms, 2)
        if level[a] > level[b] and held[b] < 0.95:
            s = round(rng.uniform(0.01, min(0.2, 0.99 - held[b])), 4)
            owns.append((a, b, s))
            held[b] += s
    return case(f"layered-{seed}", [(p, "person") for p in persons] + companies(*firms), owns)


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [
        # A chain: P holds 60 % of A, A 50 % of B, B 80 % of C.
        case("chain", [("P", "person")] + companies("A", "B", "C"),
             [("P", "A", 0.6), ("A", "B", 0.5), ("B", "C", 0.8)]),
        # A diamond: A reaches D through B and through C; the two chains add up.
        case("diamond", [("P", "person")] + companies("A", "B", "C", "D"),
             [("P", "A", 0.7), ("A", "B", 0.6), ("A", "C", 0.4), ("B", "D", 0.3), ("C", "D", 0.45), ("A", "D", 0.1)]),
        # Cross-holding: A and B hold each other; outside holders X and Y.
        case("cross", [("Y", "person")] + companies("X", "A", "B", "C"),
             [("X", "A", 0.7), ("B", "A", 0.2), ("A", "B", 0.55), ("Y", "B", 0.45), ("B", "C", 0.9)]),
        # A three-cycle with an outside holder and a tail.
        case("cycle", [("Q", "person")] + companies("A", "B", "C", "D"),
             [("Q", "A", 0.5), ("C", "A", 0.3), ("A", "B", 0.6), ("B", "C", 0.7), ("C", "D", 1.0), ("Q", "B", 0.4)]),
        # Relative control: nobody holds a majority; H (35 %) controls G relatively, K and L tie.
        case("relative", [("M", "person"), ("N", "person")] + companies("H", "G", "K", "L", "T"),
             [("M", "H", 0.9), ("H", "G", 0.35), ("K", "G", 0.2), ("L", "G", 0.2), ("K", "T", 0.4), ("L", "T", 0.4), ("N", "K", 1.0)]),
        # Mutual majority: A and B control each other (a control loop); outside minority holders.
        case("mutual", [("Z", "person")] + companies("A", "B", "S"),
             [("A", "B", 0.6), ("B", "A", 0.6), ("Z", "A", 0.4), ("Z", "B", 0.4), ("B", "S", 0.7)]),
        # Control against cash flow: the top's product share is 51 % x 51 % x 51 % = 13 %.
        case("thin", [("P", "person"), ("R", "person")] + companies("A", "B", "C"),
             [("P", "A", 0.51), ("R", "A", 0.49), ("A", "B", 0.51), ("R", "B", 0.49), ("B", "C", 0.51), ("R", "C", 0.49)]),
    ]
    cases += [layered(seed, n, cross) for seed, n, cross in [(1, 30, 4), (2, 60, 10), (3, 120, 25), (4, 200, 40)]]
    for c in cases:
        with open(os.path.join(OUT, c["name"] + ".json"), "w") as f:
            json.dump(c, f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print(f"{c['name']}: {len(c['entities'])} entities, {len(c['owns'])} holdings")


if __name__ == "__main__":
    main()
