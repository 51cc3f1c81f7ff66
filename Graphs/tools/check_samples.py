"""Checks the sample graphs against the data contract and prints their shape.

    python3 Graphs/tools/check_samples.py [Graphs/battery-chain Graphs/coffee-roasters]

Independent of relmap (plain csv + networkx), so a mistake in the samples and a mistake in the
loader cannot hide each other. Exits 1 when a sample breaks the contract.
"""
import collections
import csv
import datetime
import os
import sys

import networkx as nx

KINDS = {"", "company", "person", "institution"}
STATUSES = {"", "client", "prospect", "other_bank", "former"}
TYPES = {"supplies", "owns", "guarantees", "refers", "knows", "works_at", "member_of"}
OUTCOMES = {"", "won", "pending", "lost"}
ENTITY_COLUMNS = {"id", "name", "kind", "status", "industry", "region", "tier", "rm", "value", "size", "stage", "client_since"}
RELATION_COLUMNS = {"source", "target", "type", "weight", "strength", "date", "outcome"}


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")   # raises on anything but UTF-8
    rows = list(csv.DictReader(text.splitlines(keepends=True)))
    return rows, list(rows[0].keys()) if rows else []


def check(folder):
    problems = []
    ents, eh = read(os.path.join(folder, "entities.csv"))
    rels, rh = read(os.path.join(folder, "relations.csv"))
    for c in ("id", "name"):
        if c not in eh:
            problems.append("entities.csv: no column %s" % c)
    for c in ("source", "target", "type"):
        if c not in rh:
            problems.append("relations.csv: no column %s" % c)
    ids = collections.Counter(e["id"] for e in ents)
    problems += ["duplicate id %s" % i for i, n in ids.items() if n > 1 or not i]
    by_id = {e["id"]: e for e in ents}
    for line, e in enumerate(ents, 2):
        where = "entities.csv:%d" % line
        if not e["name"].strip():
            problems.append(where + ": empty name")
        if e.get("kind", "") not in KINDS or e.get("status", "") not in STATUSES:
            problems.append(where + ": kind/status")
        if e.get("tier") and e["tier"] not in "1234":
            problems.append(where + ": tier")
        if e.get("stage") and e["stage"] not in "123456":
            problems.append(where + ": stage")
        for c in ("value", "size"):
            if e.get(c) and not float(e[c]) >= 0:
                problems.append(where + ": " + c)
        if e.get("client_since"):
            try:
                since = datetime.date.fromisoformat(e["client_since"])
            except ValueError:
                since = None
            if since is None or since > datetime.date.today() or e.get("status") not in ("client", "former"):
                problems.append(where + ": client_since")
        if e.get("status") == "client" and not e.get("rm"):
            problems.append(where + ": client without rm")
    for line, r in enumerate(rels, 2):
        where = "relations.csv:%d" % line
        for c in ("source", "target"):
            if r[c] not in by_id:
                problems.append(where + ": unknown %s %s" % (c, r[c]))
        if r["type"] not in TYPES:
            problems.append(where + ": type " + r["type"])
        if r.get("weight") and not float(r["weight"]) >= 0:
            problems.append(where + ": weight")
        if r["type"] == "owns" and r.get("weight") and float(r["weight"]) > 1:
            problems.append(where + ": equity share above 1")
        if r.get("strength") and not 0 < float(r["strength"]) <= 1:
            problems.append(where + ": strength")
        if r.get("date"):
            try:
                datetime.date.fromisoformat(r["date"])
            except ValueError:
                problems.append(where + ": date " + r["date"])
        if r.get("outcome", "") not in OUTCOMES or (r.get("outcome") and r["type"] != "refers"):
            problems.append(where + ": outcome")
        if r["type"] == "refers" and r.get("outcome") == "won" and by_id.get(r["target"], {}).get("status") != "client":
            problems.append(where + ": referral won but target is not a client")

    print("== %s" % folder)
    print("entities %d: %s" % (len(ents), dict(collections.Counter(e.get("kind") or "company" for e in ents))))
    print("  status: %s" % dict(collections.Counter(e.get("status") or "prospect" for e in ents)))
    clients = [e for e in ents if e.get("status") == "client"]
    print("  clients %d (%.0f%% of all, %.0f%% of firms and institutions); per RM: %s" % (
        len(clients), 100 * len(clients) / len(ents), 100 * len(clients) / sum(1 for e in ents if e.get("kind") != "person"),
        dict(sorted(collections.Counter(e["rm"] for e in clients).items()))))
    print("  extra columns kept as attributes: %s" % [c for c in eh if c not in ENTITY_COLUMNS])
    print("relations %d: %s" % (len(rels), dict(collections.Counter(r["type"] for r in rels))))
    print("  extra columns: %s; strengths given on %d rows" % ([c for c in rh if c not in RELATION_COLUMNS], sum(1 for r in rels if r.get("strength"))))
    g = nx.Graph()
    g.add_edges_from((r["source"], r["target"]) for r in rels if r["type"] == "supplies")
    comps = sorted(nx.connected_components(g), key=len, reverse=True)
    big = comps[0] if comps else set()
    print("supplies graph: %d firms, %d components, largest %d (%.0f%%); clients in largest: %d of %d on it" % (
        g.number_of_nodes(), len(comps), len(big), 100 * len(big) / max(1, g.number_of_nodes()),
        sum(1 for e in clients if e["id"] in big), sum(1 for e in clients if e["id"] in g)))
    segs = collections.Counter(by_id[i].get("industry") for i in big if by_id[i].get("status") == "client")
    print("  clients along the chain by segment: %s" % dict(segs))
    return problems


def check_payments(folder):
    path = os.path.join(folder, "payments.csv")
    if not os.path.exists(path):
        return []
    rows, header = read(path)
    expected = ["date", "payer_account", "payee_account", "payer_name", "payee_name", "payer_bank", "payee_bank", "amount", "currency", "memo", "id"]
    problems = [] if header == expected else ["payments.csv header %s" % header]
    bad, neg, usd, dates = [], 0, 0, []
    for line, r in enumerate(rows, 2):
        d = r["date"].replace("/", "-")
        if len(d) == 8 and d.isdigit():
            d = d[:4] + "-" + d[4:6] + "-" + d[6:]
        try:
            dates.append(datetime.date.fromisoformat(d))
            amount = float(r["amount"].replace(",", ""))
            assert r["payee_account"] and r["payer_account"] and r["payer_name"] and r["payee_name"]
            assert r["currency"] in ("CNY", "USD")
            neg += amount < 0
            usd += r["currency"] == "USD"
        except (ValueError, AssertionError):
            bad.append(line)
    ids = collections.Counter(r["id"] for r in rows)
    print("payments %d rows, %s to %s; bad rows on lines %s; negative %d; USD %d; repeated ids %d" % (
        len(rows), min(dates), max(dates), bad, neg, usd, sum(n - 1 for n in ids.values() if n > 1)))
    return problems


if __name__ == "__main__":
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folders = sys.argv[1:] or [os.path.join(here, "battery-chain"), os.path.join(here, "coffee-roasters")]
    all_problems = []
    for f in folders:
        all_problems += check(f) + check_payments(f)
    for p in all_problems[:50]:
        print("PROBLEM", p)
    sys.exit(1 if all_problems else 0)
