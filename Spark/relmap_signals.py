#!/usr/bin/env python3
"""Relmap's whole-graph ranking signals on Apache Spark, for graphs past one machine.

    python3 Spark/relmap_signals.py DIR --out OUTDIR [--master local[*]]
    spark-submit --master yarn Spark/relmap_signals.py hdfs:///registry --out hdfs:///signals

Reads the data contract (DIR/entities.csv and DIR/relations.csv, or DIR/entities.parquet and
DIR/relations.parquet with the same columns) and computes, from all clients (status=client) with
DataFrame operations only (nothing about the graph is collected to the driver; only scalars are):

- ppr: personalised PageRank on the value chain, exactly the definition of Guides/Ranking.md and
  Sources/RelmapCore/Ranking/PersonalizedPageRank.swift: supplies relations undirected, self-loops
  dropped, volumes of both directions and duplicates summed, a missing volume counted as the median
  of the known ones; alpha 0.85; restart proportional to each client's value (missing: the median
  of the known client values; none positive: equal shares); a node without volume sends its mass to
  the restart. Solved, as Relmap does, by conjugate gradients on the symmetric form
  (I - alpha S^-1/2 W S^-1/2) y = S^-1/2 p, x = S^1/2 y, stopping when the guaranteed L1 distance
  to the exact scores, 2 |S^1/2 r|_1 / (1 - alpha), is below --tolerance (checked on a freshly
  computed residual). Each step is one shuffle join of the edge list with the vector.
- coverage, direct_client_ties, coverage_volume: ChainCoverage.swift, including its rule for hubs
  (an intermediary with more than 256 chain partners counts each client tied to it once per hub).
- component: the value-chain component (supplies ties, any volume), named by its smallest entity
  id; found by min-label propagation (one join per round, rounds = the chain's diameter).

Writes OUTDIR/signals.csv (one row per entity), OUTDIR/signals.parquet (the same rows) and
OUTDIR/signals.json (the graph's fingerprint and how the solve ended). The fingerprint is what
`relmap next --signals` checks before it trusts the file:
    entities=<n> chain_pairs=<distinct undirected supplies pairs, self-loops excluded>
    ids=<16 hex digits: the sum modulo 2^64 of FNV-1a 64 over each id's UTF-8 bytes>
An order-free sum, so each executor hashes its own ids and only two numbers reach the driver.
"""
import argparse
import json
import math
import os
import shutil
import sys
import time

ALPHA = 0.85
HUB_DEGREE = 256   # ChainCoverage's hubDegree

STATUS_ALIASES = {"client": "client", "本行客户": "client", "客户": "client"}
SUPPLIES_ALIASES = {"supplies", "supply", "供应", "供货"}

FNV_OFFSET = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3
MASK64 = (1 << 64) - 1


def fnv1a64(text):
    h = FNV_OFFSET
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * FNV_PRIME) & MASK64
    return h


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Relmap whole-graph signals (ppr, coverage, components) on Spark")
    ap.add_argument("dir", help="graph folder: entities.csv and relations.csv (or .parquet)")
    ap.add_argument("--out", required=True, help="output folder: signals.csv, signals.parquet, signals.json")
    ap.add_argument("--master", default=None, help="Spark master; default local[*] unless spark-submit set one")
    ap.add_argument("--tolerance", type=float, default=1e-12,
                    help="stop when the L1 distance to the exact ppr is certainly below this (Relmap: 1e-10)")
    ap.add_argument("--max-iterations", type=int, default=1000)
    ap.add_argument("--partitions", type=int, default=None, help="shuffle partitions (default: 2 x cores locally)")
    ap.add_argument("--verbose", action="store_true", help="per-iteration times on standard error")
    return ap.parse_args(argv)


def session(args):
    from pyspark.sql import SparkSession
    b = SparkSession.builder.appName("relmap-signals")
    master = args.master
    if master is None and "spark.master" not in os.environ.get("SPARK_CONF", "") and not os.environ.get("SPARK_ENV_LOADED"):
        master = "local[*]"
    if master:
        b = b.master(master)
    if master and master.startswith("local"):
        # A local run never listens beyond this machine.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        b = (b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false"))
        # In local mode the executors live in the driver's JVM, whose default heap (1 GB) is too
        # small past a few hundred thousand entities; RELMAP_SPARK_DRIVER_MEMORY overrides it.
        b = b.config("spark.driver.memory", os.environ.get("RELMAP_SPARK_DRIVER_MEMORY", "4g"))
        parts = args.partitions or max(2, 2 * (os.cpu_count() or 2))
        b = b.config("spark.sql.shuffle.partitions", str(parts))
    elif args.partitions:
        b = b.config("spark.sql.shuffle.partitions", str(args.partitions))
    b = b.config("spark.sql.adaptive.enabled", "false")
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def read_table(spark, folder, name):
    pq = os.path.join(folder, name + ".parquet")
    csv = os.path.join(folder, name + ".csv")
    if os.path.exists(pq) or (not os.path.exists(csv) and "://" in folder):
        try:
            return spark.read.parquet(pq)
        except Exception:
            pass
    # Not multiLine: that reads each file in one task. A field with a line break inside quotes
    # belongs in Parquet at this scale.
    return spark.read.option("header", True).option("escape", '"').csv(csv)


def number(col):
    """A contract number: thousands separators allowed, empty means missing (NULL)."""
    from pyspark.sql import functions as F
    text = F.regexp_replace(F.trim(col.cast("string")), ",", "")
    return F.when(text == "", None).otherwise(text.cast("double"))


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import functions as F
    from pyspark.sql.types import StructType, StructField, LongType

    t0 = time.time()
    spark = session(args)
    ents_raw = read_table(spark, args.dir, "entities")
    rels_raw = read_table(spark, args.dir, "relations")
    for need, df, name in (("id", ents_raw, "entities"), ("source", rels_raw, "relations"),
                           ("target", rels_raw, "relations"), ("type", rels_raw, "relations")):
        if need not in df.columns:
            sys.exit(f"{args.dir}/{name}: column '{need}' is missing / 缺少列 '{need}'")
    cols = ents_raw.columns
    status = F.lower(F.trim(F.col("status"))) if "status" in cols else F.lit("prospect")
    value = number(F.col("value")) if "value" in cols else F.lit(None).cast("double")
    ents = ents_raw.select(F.trim(F.col("id")).alias("id"), status.alias("status"), value.alias("value"))
    alias = F.create_map(*[x for k, v in STATUS_ALIASES.items() for x in (F.lit(k), F.lit(v))])
    ents = ents.withColumn("client", F.coalesce(alias[F.col("status")], F.col("status")) == "client").drop("status")
    ents = ents.persist()

    # Fingerprint: each id hashed where it lies, the hashes summed in two 32-bit halves.
    halves = StructType([StructField("hi", LongType()), StructField("lo", LongType())])
    split = F.udf(lambda s: (fnv1a64(s) >> 32, fnv1a64(s) & 0xffffffff), halves)
    fp = ents.select("id", split("id").alias("h")).agg(F.sum("h.hi").alias("hi"), F.sum("h.lo").alias("lo"),
                                                F.count(F.lit(1)).alias("n"), F.countDistinct("id").alias("d")).first()
    n = fp["n"]
    if fp["d"] != n:
        sys.exit(f"{args.dir}/entities: ids are not unique ({n - fp['d']} repeated) / 实体 id 有重复")
    id_hash = (((fp["hi"] or 0) << 32) + (fp["lo"] or 0)) & MASK64

    # The value chain: supplies, undirected, self-loops dropped, missing volume = median of known.
    rtype = F.lower(F.trim(F.col("type")))
    weight = number(F.col("weight")) if "weight" in rels_raw.columns else F.lit(None).cast("double")
    sup = (rels_raw.select(F.trim(F.col("source")).alias("s"), F.trim(F.col("target")).alias("t"),
                           rtype.alias("type"), weight.alias("w"))
           .where(F.col("type").isin(*SUPPLIES_ALIASES)).where(F.col("s") != F.col("t")).drop("type"))
    # Duplicates (same source and target) merge first, as Relmap's loader merges them: volumes add,
    # a missing volume is ignored when another copy has one (the sum skips nulls).
    sup = sup.groupBy("s", "t").agg(F.sum("w").alias("w"))
    fill = sup.where(F.col("w").isNotNull()).agg(F.percentile(F.col("w"), 0.5).alias("m")).first()["m"]
    fill = 1.0 if fill is None else float(fill)
    sup = sup.withColumn("w", F.coalesce(F.col("w"), F.lit(fill)))
    both = sup.select(F.col("s").alias("a"), F.col("t").alias("b"), "w").unionByName(
        sup.select(F.col("t").alias("a"), F.col("s").alias("b"), "w"))
    adj = both.groupBy("a", "b").agg(F.sum("w").alias("w")).persist()   # each pair twice
    pairs = adj.count() // 2
    unknown = adj.join(ents.select(F.col("id").alias("a")), "a", "left_anti").select("a").limit(1).collect()
    if unknown:
        sys.exit(f"{args.dir}/relations: unknown entity '{unknown[0]['a']}' / 未知实体 '{unknown[0]['a']}'")

    strength = adj.groupBy("a").agg(F.sum("w").alias("s"), F.count(F.lit(1)).alias("deg"))
    nodes = (ents.join(strength.withColumnRenamed("a", "id"), "id", "left")
             .select("id", "client", "value", F.coalesce("s", F.lit(0.0)).alias("s"),
                     F.coalesce("deg", F.lit(0)).alias("deg")))
    nodes = nodes.withColumn("root", F.sqrt("s")).persist()

    # Restart distribution over all clients, proportional to value.
    cstats = nodes.where("client").agg(F.count(F.lit(1)).alias("k"),
                                       F.percentile(F.col("value"), 0.5).alias("med")).first()
    if cstats["k"] == 0:
        sys.exit(f"{args.dir}/entities: no clients (status=client) / 图中没有本行客户 (status=client)")
    vfill = 1.0 if cstats["med"] is None else float(cstats["med"])
    raw = F.when(F.col("value").isNull(), F.lit(vfill)).otherwise(F.greatest(F.col("value"), F.lit(0.0)))
    total = nodes.where("client").agg(F.sum(raw).alias("t")).first()["t"]
    if not (total is not None and total > 0 and math.isfinite(total)):
        share = F.when(F.col("client"), F.lit(1.0 / cstats["k"])).otherwise(0.0)
    else:
        share = F.when(F.col("client"), raw / F.lit(total)).otherwise(0.0)
    nodes = nodes.withColumn("p", share)

    ppr, iterations, bound = pagerank(spark, nodes, adj, args)
    coverage = chain_coverage(nodes, adj)
    component, rounds = components(ents, adj, args)

    out = (ppr.join(coverage, "id", "left").join(component, "id", "left")
           .select("id", "ppr",
                   F.coalesce("coverage", F.lit(0)).cast("long").alias("coverage"),
                   F.coalesce("direct_client_ties", F.lit(0)).cast("long").alias("direct_client_ties"),
                   F.coalesce("coverage_volume", F.lit(0.0)).alias("coverage_volume"),
                   F.coalesce("component", "id").alias("component")))
    os.makedirs(args.out, exist_ok=True) if "://" not in args.out else None
    parquet = os.path.join(args.out, "signals.parquet")
    out.write.mode("overwrite").parquet(parquet)
    written = spark.read.parquet(parquet)
    # Full precision text: Spark's CSV writer prints doubles with Java's shortest round-trip form.
    tmp = os.path.join(args.out, "signals.csv.parts")
    written.orderBy("id").coalesce(1).write.mode("overwrite").option("header", True).csv(tmp)
    if "://" not in args.out:
        part = [f for f in os.listdir(tmp) if f.startswith("part-")][0]
        shutil.move(os.path.join(tmp, part), os.path.join(args.out, "signals.csv"))
        shutil.rmtree(tmp)
    meta = {
        "format": "relmap-signals-v1",
        "fingerprint": f"entities={n} chain_pairs={pairs} ids={id_hash:016x}",
        "seeds": "all clients by value",
        "alpha": ALPHA, "tolerance": args.tolerance, "iterations": iterations, "ppr_error_bound": bound,
        "component_rounds": rounds, "hub_degree": HUB_DEGREE,
        "seconds": round(time.time() - t0, 3),
    }
    if "://" not in args.out:
        with open(os.path.join(args.out, "signals.json"), "w") as f:
            json.dump(meta, f, indent=2)
    print(json.dumps(meta))
    spark.stop()


def pagerank(spark, nodes, adj, args):
    """Conjugate gradients on (I - alpha C) y = S^-1/2 p, C = S^-1/2 W S^-1/2, as Relmap solves it."""
    from pyspark.sql import functions as F
    alpha = ALPHA
    coupling = (adj.join(nodes.select(F.col("id").alias("a"), F.col("root").alias("ra")), "a")
                .join(nodes.select(F.col("id").alias("b"), F.col("root").alias("rb")), "b")
                .where((F.col("ra") > 0) & (F.col("rb") > 0))
                .select("a", "b", (F.col("w") / (F.col("ra") * F.col("rb"))).alias("c"))
                .repartition("b").persist())
    coupling.count()
    # Only nodes with volume take part; the others keep y = 0 and take z = p at the end.
    state = nodes.where("root > 0").select(
        "id", "root", (F.col("p") / F.col("root")).alias("b"), F.lit(0.0).alias("y"))

    def product(st, vec):
        """q = vec - alpha C vec on the active nodes: one shuffle join of the edges with vec."""
        gathered = (coupling.join(st.select(F.col("id").alias("b"), F.col(vec).alias("x")), "b")
                    .groupBy("a").agg(F.sum(F.col("c") * F.col("x")).alias("cx")))
        return (st.join(gathered.withColumnRenamed("a", "id"), "id", "left")
                .withColumn("q", F.col(vec) - alpha * F.coalesce("cx", F.lit(0.0))).drop("cx"))

    def fresh(st, first):
        """r = b - A y afresh, d = r."""
        if first:
            st = st.withColumn("q", F.lit(0.0))
        else:
            st = product(st, "y")
        st = st.withColumn("r", F.col("b") - F.col("q")).withColumn("d", F.col("r")).drop("q")
        return st.localCheckpoint(eager=True)

    def norms(st):
        row = st.agg(F.sum(F.col("r") * F.col("r")).alias("rr"),
                     F.sum(F.abs(F.col("r")) * F.col("root")).alias("l1")).first()
        return (row["rr"] or 0.0), (row["l1"] or 0.0)

    bound = lambda l1: 2 * l1 / (1 - alpha)
    st = fresh(state, True)
    rr, l1 = norms(st)
    err = bound(l1)
    it = 0
    # One materialised frame per step: the product's shuffle join. The vector updates around it are
    # projections of that frame, evaluated by the small aggregates and by the next step's join.
    while err >= args.tolerance and it < args.max_iterations and rr > 0:
        t = time.time()
        st = product(st, "d").localCheckpoint(eager=True)
        dq = st.agg(F.sum(F.col("d") * F.col("q")).alias("dq")).first()["dq"] or 0.0
        if not dq > 0:
            break
        a = rr / dq
        st = (st.withColumn("y", F.col("y") + a * F.col("d"))
                .withColumn("r", F.col("r") - a * F.col("q")).drop("q"))
        nxt, l1 = norms(st)
        it += 1
        err = bound(l1)
        if args.verbose:
            print(f"ppr step {it}: bound {err:.3e}, {time.time() - t:.2f} s", file=sys.stderr)
        if err < args.tolerance:
            # The recurrence's residual drifts by rounding: confirm on a fresh one.
            st = fresh(st, False)
            rr, l1 = norms(st)
            err = bound(l1)
            continue
        beta = nxt / rr
        st = st.withColumn("d", F.col("r") + beta * F.col("d"))
        rr = nxt
    z = (nodes.join(st.select("id", "y"), "id", "left")
         .select("id", F.when(F.col("root") > 0, F.col("root") * F.coalesce("y", F.lit(0.0)))
                 .otherwise(F.col("p")).alias("z")))
    total = z.agg(F.sum("z")).first()[0] or 0.0
    ppr = z.select("id", (F.col("z") / F.lit(total) if total > 0 else F.col("z")).alias("ppr"))
    return ppr, it, err


def chain_coverage(nodes, adj):
    """ChainCoverage.swift from all clients: direct ties, clients within two hops, their volume."""
    from pyspark.sql import functions as F
    seeds = nodes.where("client").select(F.col("id").alias("s"))
    deg = nodes.select(F.col("id").alias("u"), "deg")
    # Seed s's ties: (s, u, w1), u's degree decides whether u is a hub.
    ties = (adj.join(seeds.withColumnRenamed("s", "a"), "a")
            .select(F.col("a").alias("s"), F.col("b").alias("u"), F.col("w").alias("w1"))
            .join(deg, "u"))
    direct = ties.groupBy(F.col("u").alias("id")).agg(F.count(F.lit(1)).alias("dc"), F.sum("w1").alias("dv"))
    step = adj.select(F.col("a").alias("u"), F.col("b").alias("v"), F.col("w").alias("w2"))
    # Through ordinary intermediaries: each (seed, v) once, v neither the seed nor its neighbour,
    # with the best bottleneck over the intermediaries.
    wedges = (ties.where(F.col("deg") <= HUB_DEGREE).join(step, "u").where(F.col("v") != F.col("s"))
              .select("s", "v", F.least("w1", "w2").alias("neck")))
    near = adj.select(F.col("a").alias("s"), F.col("b").alias("v"))
    two = (wedges.join(near, ["s", "v"], "left_anti").groupBy("s", "v").agg(F.max("neck").alias("best"))
           .groupBy(F.col("v").alias("id")).agg(F.count(F.lit(1)).alias("tc"), F.sum("best").alias("tv")))
    # Through hubs: every seed tied to the hub, once per hub, but v itself.
    hubs = (ties.where(F.col("deg") > HUB_DEGREE).join(step, "u").where(F.col("v") != F.col("s"))
            .groupBy(F.col("v").alias("id")).agg(F.count(F.lit(1)).alias("hc"),
                                                  F.sum(F.least("w1", "w2")).alias("hv")))
    z = F.lit(0)
    out = (direct.join(two, "id", "full").join(hubs, "id", "full")
           .select("id",
                   F.coalesce("dc", z).alias("direct_client_ties"),
                   (F.coalesce("dc", z) + F.coalesce("tc", z) + F.coalesce("hc", z)).alias("coverage"),
                   (F.coalesce("dv", F.lit(0.0)) + F.coalesce("tv", F.lit(0.0)) + F.coalesce("hv", F.lit(0.0)))
                   .alias("coverage_volume")))
    return out


def components(ents, adj, args):
    """Connected components of the chain by min-label propagation, labelled by the smallest id."""
    from pyspark.sql import functions as F
    edges = adj.select("a", "b").persist()
    labels = (edges.select(F.col("a").alias("id")).distinct().withColumn("label", F.col("id"))
              .localCheckpoint(eager=True))
    rounds = 0
    while True:
        rounds += 1
        offers = (edges.join(labels.select(F.col("id").alias("b"), F.col("label").alias("l")), "b")
                  .groupBy(F.col("a").alias("id")).agg(F.min("l").alias("offer")))
        nxt = (labels.join(offers, "id", "left")
               .select("id", F.least("label", F.coalesce("offer", "label")).alias("label"),
                       (F.col("offer") < F.col("label")).alias("changed")).localCheckpoint(eager=True))
        changed = nxt.where("changed").limit(1).count()
        labels = nxt.drop("changed")
        if changed == 0:
            break
    comp = ents.select("id").join(labels.withColumnRenamed("label", "component"), "id", "left")
    return comp.select("id", F.coalesce("component", "id").alias("component")), rounds


if __name__ == "__main__":
    main(sys.argv[1:])
