#!/usr/bin/env python3
"""Measures how readable a map is, from the layout Graphviz itself produces.

usage: Scripts/map_quality.py [--json] [--dot-binary dot] NAME=FILE.dot ...
       Scripts/map_quality.py --self-test   (checks the measures on hand-made layouts)

For each DOT file it runs `dot -Tjson` (the same engine and layout relmap renders in-process) and
reports, per map:
  edges       edges drawn (invisible ones left out)
  crossings   pairs of drawn edges whose curves cross (touching inside a shared end node not counted)
  per_edge    crossings / edges
  overlaps    overlapping labels: pairs of text boxes that overlap (node texts, edge labels, cluster
              and graph labels), plus edge labels lying on a node they do not belong to
  against     edges drawn against the chain direction: head centre left of the tail centre
              (maps are drawn left to right, upstream first)
  canvas      width x height of the drawing in points
  a4_pt/a3_pt the smallest font size, in points, once the drawing is shrunk to fit A4 / A3
              landscape less 10 mm margins and Graphviz's own frame (never enlarged), as
              `relmap map --paper` does
  render_ms   median of three `dot -Tsvg` runs on the same DOT (process start included)

Text boxes come from the xdot drawing operations (`_ldraw_` and friends): a `T` operation gives
the baseline point, alignment and width of a text, the preceding `F` its font size; a box spans
from 0.2 of the size below the baseline to 0.8 above. Curves come from the `b`/`B` operations of
`_draw_`, each cubic Bezier sampled at 12 points. Only numpy is needed.
"""
import json
import statistics
import subprocess
import sys
import time

import numpy as np

A4 = (841.89, 595.28)
A3 = (1190.55, 841.89)
MARGIN = 28.35  # 10 mm
GRAPHVIZ_FRAME = 72.0  # pad and margin Graphviz adds around a drawing fitted with `size` (MapPage.swift)


def texts(ops, owner):
    """Text boxes (x0, y0, x1, y1, size, owner) of the T operations in an xdot op list."""
    out, size = [], 14.0
    for op in ops or []:
        if op["op"] == "F":
            size = op["size"]
        elif op["op"] == "T" and op["text"].strip():
            x, y = op["pt"]
            w = op["width"]
            x0 = {"l": x, "c": x - w / 2, "r": x - w}[op["align"]]
            out.append((x0, y - 0.2 * size, x0 + w, y + 0.8 * size, size, owner))
    return out


def bezier_points(ops):
    """A polyline through every Bezier of an xdot op list."""
    pts = []
    for op in ops or []:
        if op["op"] in ("b", "B"):
            p = np.array(op["points"], dtype=float)
            t = np.linspace(0, 1, 12)[:, None]
            for i in range(0, len(p) - 3, 3):
                a, b, c, d = p[i], p[i + 1], p[i + 2], p[i + 3]
                seg = ((1 - t) ** 3) * a + 3 * ((1 - t) ** 2) * t * b + 3 * (1 - t) * t * t * c + t ** 3 * d
                pts.extend(seg if not pts else seg[1:])
    return np.array(pts) if pts else np.zeros((0, 2))


def crossing_points(p, q):
    """Points where polyline p crosses polyline q (proper crossings of their segments)."""
    a, b = p[:-1][:, None, :], p[1:][:, None, :]
    c, d = q[:-1][None, :, :], q[1:][None, :, :]

    def orient(u, v, w):
        return (v[..., 0] - u[..., 0]) * (w[..., 1] - u[..., 1]) - (v[..., 1] - u[..., 1]) * (w[..., 0] - u[..., 0])

    o1, o2 = orient(a, b, c), orient(a, b, d)
    o3, o4 = orient(c, d, a), orient(c, d, b)
    hit = (o1 * o2 < 0) & (o3 * o4 < 0)
    i, j = np.nonzero(hit)
    if len(i) == 0:
        return []
    # Intersection point of each crossing segment pair.
    pa, pb = p[i], p[i + 1]
    denom = (o3 - o4)[i, j]
    s = (o3[i, j] / denom)[:, None]
    return list(pa + s * (pb - pa))


def inside(pt, box, pad=4.0):
    return box[0] - pad <= pt[0] <= box[2] + pad and box[1] - pad <= pt[1] <= box[3] + pad


def overlap(a, b, tolerance=0.5):
    return min(a[2], b[2]) - max(a[0], b[0]) > tolerance and min(a[3], b[3]) - max(a[1], b[1]) > tolerance


def measure(path, dot_binary="dot"):
    layout = json.loads(subprocess.run([dot_binary, "-Tjson", path], check=True, capture_output=True).stdout)
    figures = measure_layout(layout)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([dot_binary, "-Tsvg", path], check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    figures["render_ms"] = round(statistics.median(times))
    return figures


def measure_layout(layout):
    """Every figure but the render time, from a parsed `dot -Tjson` layout."""
    x0, y0, x1, y1 = (float(v) for v in layout["bb"].split(","))
    width, height = x1 - x0, y1 - y0
    objects = layout.get("objects", [])
    nodes = {}
    boxes = []
    boxes += texts(layout.get("_ldraw_"), "graph")
    for o in objects:
        if "nodes" in o and "pos" not in o:  # a subgraph or cluster
            boxes += texts(o.get("_ldraw_"), "cluster:" + o["name"])
            continue
        x, y = (float(v) for v in o["pos"].split(","))
        w, h = float(o["width"]) * 36, float(o["height"]) * 36
        nodes[o["_gvid"]] = (x - w, y - h, x + w, y + h)
        boxes += texts(o.get("_ldraw_"), "node:%d" % o["_gvid"])
    edges = [e for e in layout.get("edges", []) if "invis" not in e.get("style", "")]
    curves, edge_labels = [], []
    for k, e in enumerate(edges):
        curves.append(bezier_points(e.get("_draw_")))
        for key in ("_ldraw_", "_hldraw_", "_tldraw_"):
            labels = texts(e.get(key), "edge:%d" % k)
            boxes += labels
            edge_labels += [(b, e) for b in labels]

    # Overlapping labels: text boxes of different owners, then edge labels on nodes.
    overlaps = 0
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for n, i in enumerate(order):
        for j in order[n + 1:]:
            if boxes[j][0] >= boxes[i][2]:
                break
            if overlap(boxes[i], boxes[j]):
                overlaps += 1
    for box, e in edge_labels:
        overlaps += sum(1 for gvid, nb in nodes.items() if overlap(box, nb, tolerance=1.0))

    # Crossings, with a bounding-box test before the segment test.
    crossings = 0
    extents = [(c[:, 0].min(), c[:, 1].min(), c[:, 0].max(), c[:, 1].max()) if len(c) else None for c in curves]
    for i in range(len(edges)):
        for j in range(i + 1, len(edges)):
            if extents[i] is None or extents[j] is None or not overlap(extents[i], extents[j], 0):
                continue
            shared = {edges[i]["tail"], edges[i]["head"]} & {edges[j]["tail"], edges[j]["head"]}
            points = crossing_points(curves[i], curves[j])
            if any(not any(inside(p, nodes[s]) for s in shared if s in nodes) for p in points):
                crossings += 1

    against = 0
    for e in edges:
        t, h = nodes.get(e["tail"]), nodes.get(e["head"])
        if t and h and (h[0] + h[2]) / 2 < (t[0] + t[2]) / 2 - 1:
            against += 1

    smallest = min((b[4] for b in boxes), default=0)

    def fitted(paper):
        room = [side - 2 * MARGIN - GRAPHVIZ_FRAME for side in paper]
        scale = min(1.0, room[0] / width, room[1] / height)
        return round(smallest * scale, 1)

    return {
        "edges": len(edges), "crossings": crossings,
        "per_edge": round(crossings / len(edges), 2) if edges else 0.0,
        "overlaps": overlaps, "against": against,
        "canvas": "%dx%d" % (round(width), round(height)),
        "a4_pt": fitted(A4), "a3_pt": fitted(A3),
    }


def self_test():
    """Hand-made layouts with known answers: the measures must find exactly what was built."""
    def node(gvid, x, y, text=None, size=10):
        o = {"_gvid": gvid, "name": "n%d" % gvid, "pos": "%g,%g" % (x, y), "width": "0.5", "height": "0.5"}
        if text:
            o["_ldraw_"] = [{"op": "F", "size": size, "face": "x"},
                            {"op": "T", "pt": [x, y - 3], "align": "c", "width": 20, "text": text}]
        return o

    def edge(tail, head, a, b, label=None):
        e = {"tail": tail, "head": head,
             "_draw_": [{"op": "b", "points": [a, a, b, b]}]}
        if label:
            e["_ldraw_"] = [{"op": "F", "size": 8, "face": "x"},
                            {"op": "T", "pt": label, "align": "c", "width": 30, "text": "1亿"}]
        return e

    # Two columns of two nodes; edges 0->3 and 1->2 cross once, 0->2 crosses neither; 3->0 runs
    # right to left; two edge labels sit on each other; one sits on node 1.
    layout = {"bb": "0,0,200,100", "objects": [node(0, 20, 80, "A"), node(1, 20, 20, "B", size=6),
                                               node(2, 180, 80, "C"), node(3, 180, 20, "D")],
              "edges": [edge(0, 3, [38, 80], [162, 20], label=[100, 60]),
                        edge(1, 2, [38, 20], [162, 80], label=[105, 62]),
                        edge(0, 2, [38, 90], [162, 90]),
                        edge(3, 0, [162, 10], [38, 70], label=[20, 20]),
                        {"tail": 0, "head": 1, "style": "invis"}]}
    m = measure_layout(layout)
    # 0->3 crosses 1->2 and 3->0 crosses 1->2; 0->3 and 3->0 meet only inside their shared nodes.
    # Overlaps: the two labels, the label on node 1, and that label on node 1's own text.
    expected = {"edges": 4, "crossings": 2, "overlaps": 3, "against": 1, "canvas": "200x100", "a3_pt": 6.0}
    wrong = {k: (m[k], v) for k, v in expected.items() if m[k] != v}
    print("self-test:", "ok" if not wrong else "FAILED %s" % wrong)
    return 0 if not wrong else 1


def main(argv):
    if "--self-test" in argv:
        return self_test()
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    dot_binary = "dot"
    if "--dot-binary" in argv:
        k = argv.index("--dot-binary")
        dot_binary = argv[k + 1]
        del argv[k:k + 2]
    if not argv:
        print("\n".join(__doc__.strip().splitlines()[2:4]), file=sys.stderr)
        return 2
    rows = []
    for arg in argv:
        name, _, path = arg.partition("=")
        if not path:
            name, path = arg, arg
        rows.append(dict(map=name, **measure(path, dot_binary)))
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    columns = ["map", "edges", "crossings", "per_edge", "overlaps", "against", "canvas", "a4_pt", "a3_pt", "render_ms"]
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in columns]
    print("| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(r[c]).ljust(w) for c, w in zip(columns, widths)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
