#!/usr/bin/env python3
"""A crude hub-heavy 1M-entity world (numpy): the hard case the paths benchmark needs.

usage: synthetic_world.py OUT_DIR [ENTITIES] [RELATIONS]

Hub-heavy on purpose (one endpoint of every relation drawn from a Pareto tail, so a few thousand
entities hold most relations): the hard case for path searches. 10 % clients over 2000 RMs, 2 % of
relations are dated referrals with outcomes. `relmap generate` writes realistic worlds (industry
chains, RMs' books, client_since); this script stays for its deliberately skewed degrees.
"""
import os
import sys

import numpy as np
import pandas as pd

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng=np.random.default_rng(1); n=int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000; m=int(sys.argv[3]) if len(sys.argv) > 3 else 5 * n
kind=rng.choice(["company","person","institution"],n,p=[.7,.28,.02])
status=rng.choice(["client","prospect","other_bank","former"],n,p=[.1,.7,.15,.05])
rm=np.where(status=="client",np.char.add("RM",rng.integers(0,2000,n).astype(str)),"")
val=np.where(status=="client",rng.pareto(1.5,n)*1e5,np.nan)
pd.DataFrame({"id":np.char.add("E",np.arange(n).astype(str)),"name":np.char.add("公司",np.arange(n).astype(str)),"kind":kind,"status":status,"rm":rm,"value":np.round(val)}).to_csv(f"{out}/entities.csv",index=False)
# preferential-ish endpoints
a=(rng.pareto(1.2,m)*1000).astype(np.int64)%n; b=rng.integers(0,n,m)
mask=a!=b; a=a[mask]; b=b[mask]
t=rng.choice(["supplies","owns","guarantees","refers","knows","works_at","member_of"],len(a),p=[.45,.05,.03,.02,.25,.12,.08])
w=np.where(t=="supplies",np.round(rng.pareto(1.3,len(a))*1e5),np.where(t=="owns",np.round(rng.random(len(a)),2),np.nan))
outcome=np.where(t=="refers",rng.choice(["won","pending","lost"],len(a)),"")
dates=np.where(t=="refers",pd.to_datetime(rng.integers(16000,20400,len(a)),unit="D").strftime("%Y-%m-%d"),"")
df=pd.DataFrame({"source":np.char.add("E",a.astype(str)),"target":np.char.add("E",b.astype(str)),"type":t,"weight":w,"date":dates,"outcome":outcome})
df=df.drop_duplicates(["source","target","type"])
df.to_csv(f"{out}/relations.csv",index=False)
print(len(df))
