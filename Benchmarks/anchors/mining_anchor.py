"""pandas anchor for the mining benchmark: read the same payments file and group by
(payer, payee, month), summing amounts and counting rows. usage: mining_anchor.py PAYMENTS"""
import json, resource, sys, time

import pandas as pd

start = time.perf_counter()
df = pd.read_csv(sys.argv[1], usecols=["date", "payer_account", "payer_name", "payee_account", "payee_name", "amount", "currency", "memo", "id"],
                 dtype={"payer_account": str, "payee_account": str})
df["month"] = df["date"].str.slice(0, 7)
groups = df.groupby(["payer_account", "payee_account", "month"], sort=False)["amount"].agg(["sum", "count"])
seconds = time.perf_counter() - start
print(json.dumps({"rows": len(df), "pair_months": len(groups), "seconds": seconds,
                  "peak_resident_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
