"""Builds Graphs/coffee-roasters, the small English sample (deterministic: run it again, get the
same files). Graphs/battery-chain is built by make_battery_chain.py.

    python3 Graphs/tools/make_samples.py

All firms and people are invented; any likeness to a real company is accidental.
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
GRAPHS = os.path.dirname(HERE)
rng = random.Random(20261122)


def write(folder, name, header, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])


def coffee():
    folder = os.path.join(GRAPHS, "coffee-roasters")
    E, R = [], []
    def ent(i, name, kind="company", status="prospect", industry="", region="", tier="", rm="", value="", size="", stage=""):
        E.append(dict(id=i, name=name, kind=kind, status=status, industry=industry, region=region, tier=tier, rm=rm, value=value, size=size, stage=stage))
    farms = [("F1", "Huila Highlands Cooperative", "Colombia"), ("F2", "Sidama Growers Union", "Ethiopia"), ("F3", "Minas Verde Estates", "Brazil"), ("F4", "Kivu Lake Farmers", "Rwanda")]
    importers = [("M1", "Atlantic Green Coffee Importers Ltd", "London"), ("M2", "Harbour Bean Trading Co", "Bristol")]
    roasters = [("R1", "Northern Lights Roastery Ltd", "Manchester"), ("R2", "Copper Kettle Roasters", "Leeds"), ("R3", "Old Mill Coffee Company", "York"), ("R4", "Riverbank Roasting Co", "Bristol"),
                ("R5", "Pennine Peak Roasters", "Leeds"), ("R6", "Severn Valley Coffee Ltd", "Bristol")]
    farms += [("F5", "Antigua Volcano Farms", "Guatemala"), ("F6", "Kenya Nyeri Estates", "Kenya")]
    importers += [("M3", "Pennine Green Imports", "Leeds")]
    shops = [("S%d" % k, n, c) for k, (n, c) in enumerate([("Daily Grind Cafés", "Manchester"), ("The Corner Cup", "Leeds"), ("Bean There Espresso Bars", "York"),
                                                          ("Fresh Fields Grocers", "Bristol"), ("Morning Ritual Coffee House", "Manchester"), ("Greengate Supermarkets plc", "Leeds"),
                                                          ("Station Kiosks Ltd", "York"), ("Campus Coffee Collective", "Bristol"),
                                                          ("Harbourside Bakery", "Bristol"), ("Little Owl Café", "Leeds"), ("Deansgate Deli", "Manchester"), ("Minster Tea Rooms", "York"),
                                                          ("Hilltop Farm Shop", "Leeds"), ("Canal Street Coffee", "Manchester"), ("Clifton Market Hall", "Bristol"), ("Northern Rail Catering Ltd", "York"),
                                                          ("Office Brew Services Ltd", "Manchester"), ("Parkside Hotel Group", "Leeds")], 1)]
    for i, n, r in farms:
        ent(i, n, industry="farm", region=r, size=rng.randrange(2, 20) * 1_000_000)
    for i, n, r in importers:
        ent(i, n, industry="importer", region=r, size=rng.randrange(30, 90) * 1_000_000)
    for i, n, r in roasters:
        ent(i, n, industry="roaster", region=r, size=rng.randrange(5, 40) * 1_000_000)
    for i, n, r in shops:
        ent(i, n, industry="retail", region=r, size=rng.randrange(1, 60) * 1_000_000)
    clients = {"R1": ("RM-A", 1, 180_000), "M1": ("RM-A", 2, 95_000), "S1": ("RM-A", 3, 22_000), "S6": ("RM-B", 2, 60_000), "R3": ("RM-B", 3, 30_000), "S3": ("RM-B", 4, 9_000)}
    for e in E:
        if e["id"] in clients:
            rm, tier, value = clients[e["id"]]
            e.update(status="client", rm=rm, tier=tier, value=value, stage=rng.choice([3, 4, 5]))
    for e in E:
        if e["id"] in ("R2", "S4"):
            e["status"] = "other_bank"
        if e["id"] == "S8":
            e["status"] = "former"
    ent("I1", "Northern Coffee Guild", "institution", industry="association", region="Leeds")
    ent("I2", "Regional Growth Fund", "institution", industry="fund", region="Manchester")
    ent("I3", "Yorkshire Chamber of Commerce", "institution", industry="chamber", region="York")
    people = [("P1", "Amelia Hart", "R1", "CEO"), ("P2", "Tom Okafor", "R1", "CFO"), ("P3", "Priya Nair", "R2", "Founder"), ("P4", "James Walsh", "S6", "Head of Buying"),
              ("P5", "Sofia Rossi", "M1", "Managing Director"), ("P6", "Daniel Kim", "S4", "Owner"), ("P7", "Grace Lee", "I1", "Secretary"), ("P8", "Oliver Brown", "R4", "CEO"),
              ("P9", "Hannah Wright", "S9", "Owner"), ("P10", "Ravi Patel", "S14", "CFO"), ("P11", "Chloe Evans", "R5", "Founder"), ("P12", "Marcus Reid", "S18", "Head of Procurement")]
    for p, n, at, role in people:
        ent(p, n, "person", region="")
        R.append(dict(source=p, target=at, type="works_at", role=role))
    for f, *_ in farms:
        for m in rng.sample(importers, rng.choice([1, 2])):
            R.append(dict(source=f, target=m[0], type="supplies", weight=rng.randrange(5, 40) * 100_000, date="20%02d-01-01" % rng.randrange(15, 24)))
    for m, *_ in importers:
        for r in rng.sample(roasters, 3):
            R.append(dict(source=m, target=r[0], type="supplies", weight=rng.randrange(8, 60) * 100_000, date="20%02d-06-01" % rng.randrange(15, 24)))
    for r, *_ in roasters:
        for s in rng.sample(shops, 3):
            R.append(dict(source=r, target=s[0], type="supplies", weight=rng.randrange(1, 20) * 50_000, date="20%02d-03-01" % rng.randrange(16, 25)))
    for a, b, st in [("P2", "P5", 0.8), ("P1", "P3", 0.5), ("P3", "P7", 0.7), ("P1", "P7", 0.6), ("P4", "P2", ""), ("P6", "P8", 0.6), ("P8", "P7", ""),
                     ("P9", "P1", 0.5), ("P10", "P4", ""), ("P11", "P7", 0.7), ("P12", "P5", 0.4)]:
        R.append(dict(source=a, target=b, type="knows", strength=st))
    for s in ["R1", "R2", "R3", "R4", "S2"]:
        R.append(dict(source=s, target="I1", type="member_of"))
    for s in ["S3", "R3", "S7"]:
        R.append(dict(source=s, target="I3", type="member_of"))
    R.append(dict(source="I2", target="R1", type="owns", weight=0.15, date="2021-09-01"))
    for s, t, d, o in [("R1", "S1", "2021-05-04", "won"), ("R1", "M1", "2022-02-10", "won"), ("M1", "R3", "2022-11-20", "won"), ("R3", "S3", "2023-04-02", "won"),
                       ("S3", "S7", "2025-08-15", "pending"), ("I3", "S6", "2022-07-07", "won"), ("S6", "R4", "2024-01-30", "lost"), ("R1", "R2", "2025-10-01", "pending")]:
        R.append(dict(source=s, target=t, type="refers", date=d, outcome=o))
    write(folder, "entities.csv", ["id", "name", "kind", "status", "industry", "region", "tier", "rm", "value", "size", "stage"], E)
    write(folder, "relations.csv", ["source", "target", "type", "weight", "strength", "date", "outcome", "role"], R)


if __name__ == "__main__":
    coffee()
