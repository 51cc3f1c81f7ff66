"""Builds Graphs/battery-chain (entities.csv, relations.csv, payments.csv).

    python3 Graphs/tools/make_battery_chain.py

Deterministic (fixed seed): running it again gives byte-identical files. The CSVs are the source of
truth; this script only records how they were made. Every firm and person is invented: names follow
the usual pattern region + brand + business + legal form, with brands chosen not to be those of real
companies. Our bank is 江南商业银行 (pass it to `relmap mine --bank`).
"""
import csv
import datetime
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(os.path.dirname(HERE), "battery-chain")
rng = random.Random(20261122)
OUR_BANK = "江南商业银行"
OTHER_BANKS = ["中国工商银行", "中国建设银行", "招商银行", "中国银行", "中国农业银行", "兴业银行", "中信银行"]
BANK_PREFIX = {OUR_BANK: "8801", "中国工商银行": "1202", "中国建设银行": "3205", "招商银行": "7559", "中国银行": "4063",
               "中国农业银行": "1025", "兴业银行": "1178", "中信银行": "8110"}

# ------------------------------------------------------------------------------------------ firms
# (id, name, segment, region, status); status default prospect. Ids carry the segment so that a
# demo command reads well: LIS = 锂盐, CAT = 正极, ANO = 负极, ELY = 电解液, SEP = 隔膜, CEL = 电芯 ...
FIRMS = [
    ("GRP01", "赣南锂源控股集团有限公司", "集团控股", "江西", "client"),
    ("GRP02", "江苏沧浪控股集团有限公司", "集团控股", "江苏", "client"),
    ("MIN01", "赣南锂源矿业有限公司", "锂矿", "江西", "client"),
    ("MIN02", "宜春钽铌锂矿开发有限公司", "锂矿", "江西", "prospect"),
    ("MIN03", "阿坝雪岭锂矿有限责任公司", "锂矿", "四川", "other_bank"),
    ("MIN04", "甘孜康定锂辉石矿业有限公司", "锂矿", "四川", "prospect"),
    ("MIN05", "青海柴达木盐湖资源开发有限公司", "锂矿", "青海", "other_bank"),
    ("LIS01", "赣南锂源锂业有限公司", "锂盐", "江西", "client"),
    ("LIS02", "江西赣源锂业股份有限公司", "锂盐", "江西", "former"),
    ("LIS03", "四川遂宁天盐锂业有限公司", "锂盐", "四川", "other_bank"),
    ("LIS04", "青海锂晶盐湖材料有限公司", "锂盐", "青海", "prospect"),
    ("LIS05", "宜春新锂化学有限公司", "锂盐", "江西", "prospect"),
    ("LIS06", "江苏连云锂化科技有限公司", "锂盐", "江苏", "prospect"),
    ("CAT01", "赣南锂源新材料有限公司", "正极材料", "江西", "client"),
    ("CAT02", "湖南长岳正极材料股份有限公司", "正极材料", "湖南", "other_bank"),
    ("CAT03", "江苏常能新材料科技有限公司", "正极材料", "江苏", "client"),
    ("CAT04", "四川宜宾锂电正极材料有限公司", "正极材料", "四川", "prospect"),
    ("CAT05", "福建鹭岛新能源材料有限公司", "正极材料", "福建", "other_bank"),
    ("CAT06", "广东惠能磷酸铁锂有限公司", "正极材料", "广东", "prospect"),
    ("CAT07", "贵州黔锂新材料有限公司", "正极材料", "贵州", "prospect"),
    ("ANO01", "江西墨晨碳素科技有限公司", "负极材料", "江西", "client"),
    ("ANO02", "内蒙古乌兰石墨新材料有限公司", "负极材料", "内蒙古", "other_bank"),
    ("ANO03", "广东湛海碳材料有限公司", "负极材料", "广东", "client"),
    ("ANO04", "四川眉山硅碳新材料有限公司", "负极材料", "四川", "prospect"),
    ("ANO05", "福建龙岩石墨科技有限公司", "负极材料", "福建", "prospect"),
    ("ELY01", "江苏港泰电解液材料有限公司", "电解液", "江苏", "client"),
    ("ELY02", "广东珠源化学新材料有限公司", "电解液", "广东", "other_bank"),
    ("ELY03", "福建三明氟化工有限公司", "电解液", "福建", "prospect"),
    ("ELY04", "湖北荆楚电解质科技有限公司", "电解液", "湖北", "prospect"),
    ("ELY05", "浙江衢江锂盐电解液有限公司", "电解液", "浙江", "other_bank"),
    ("SEP01", "江苏星膜隔膜科技股份有限公司", "隔膜", "江苏", "client"),
    ("SEP02", "广东佛山薄膜新材料有限公司", "隔膜", "广东", "other_bank"),
    ("SEP03", "四川川膜科技有限公司", "隔膜", "四川", "prospect"),
    ("SEP04", "福建闽清湿法隔膜有限公司", "隔膜", "福建", "prospect"),
    ("CEL01", "福建闽锐动力电池股份有限公司", "电芯", "福建", "client"),
    ("CEL02", "四川蜀能储电科技有限公司", "电芯", "四川", "other_bank"),
    ("CEL03", "江苏溧能电芯科技有限公司", "电芯", "江苏", "client"),
    ("CEL04", "广东鹏程锂电池有限公司", "电芯", "广东", "prospect"),
    ("CEL05", "江西宜能储能电池有限公司", "电芯", "江西", "prospect"),
    ("CEL06", "湖北襄江动力电池有限公司", "电芯", "湖北", "former"),
    ("CEL07", "安徽合新能源电池有限公司", "电芯", "安徽", "other_bank"),
    ("PAK01", "福建闽锐电池系统有限公司", "电池包", "福建", "prospect"),
    ("PAK02", "江苏苏锂电源系统有限公司", "电池包", "江苏", "client"),
    ("PAK03", "广东鹏城电池系统有限公司", "电池包", "广东", "prospect"),
    ("PAK04", "四川成锂动力系统有限公司", "电池包", "四川", "other_bank"),
    ("PAK05", "江西新余电池包制造有限公司", "电池包", "江西", "prospect"),
    ("PAK06", "安徽芜湖储能系统集成有限公司", "电池包", "安徽", "prospect"),
    ("OEM01", "江苏沧浪新能源汽车有限公司", "整车", "江苏", "client"),
    ("OEM02", "福建东海汽车工业有限公司", "整车", "福建", "other_bank"),
    ("OEM03", "广东南粤新能源汽车股份有限公司", "整车", "广东", "other_bank"),
    ("OEM04", "四川天府汽车制造有限公司", "整车", "四川", "prospect"),
    ("OEM05", "安徽皖途新能源商用车有限公司", "整车", "安徽", "client"),
    ("OEM06", "江西赣江汽车集团有限公司", "整车", "江西", "prospect"),
    ("DLR01", "南京沧浪汽车销售服务有限公司", "经销商", "江苏", "client"),
    ("DLR02", "苏州沧浪新能源汽车销售有限公司", "经销商", "江苏", "client"),
    ("DLR03", "无锡锡能汽车贸易有限公司", "经销商", "江苏", "client"),
    ("DLR04", "常州龙城汽车销售服务有限公司", "经销商", "江苏", "prospect"),
    ("DLR05", "福州东海汽车销售服务有限公司", "经销商", "福建", "other_bank"),
    ("DLR06", "厦门鹭江新能源汽车贸易有限公司", "经销商", "福建", "client"),
    ("DLR07", "广州粤通汽车销售有限公司", "经销商", "广东", "other_bank"),
    ("DLR08", "深圳鹏驰新能源汽车销售有限公司", "经销商", "广东", "prospect"),
    ("DLR09", "成都锦官汽车销售服务有限公司", "经销商", "四川", "prospect"),
    ("DLR10", "合肥皖途商用车销售有限公司", "经销商", "安徽", "client"),
    ("DLR11", "南昌洪都汽车贸易有限公司", "经销商", "江西", "client"),
    ("DLR12", "绵阳蜀道汽车销售有限公司", "经销商", "四川", "prospect"),
    ("FLT01", "南京易行网约车服务有限公司", "车队", "江苏", "client"),
    ("FLT02", "苏州顺达城配物流有限公司", "车队", "江苏", "client"),
    ("FLT03", "无锡太湖冷链运输有限公司", "车队", "江苏", "prospect"),
    ("FLT04", "福州畅行出行科技有限公司", "车队", "福建", "client"),
    ("FLT05", "成都蓉城公交新能源运营有限公司", "车队", "四川", "other_bank"),
    ("FLT06", "广州羊城快运物流有限公司", "车队", "广东", "prospect"),
    ("FLT07", "深圳鹏运网约车有限公司", "车队", "广东", "other_bank"),
    ("FLT08", "合肥皖运城市配送有限公司", "车队", "安徽", "client"),
    ("FLT09", "南昌洪城出租汽车有限公司", "车队", "江西", "client"),
    ("FLT10", "常州龙城网约车运营有限公司", "车队", "江苏", "prospect"),
    ("EQP01", "广东鹏锐智能装备有限公司", "锂电设备", "广东", "other_bank"),
    ("EQP02", "江苏锡能自动化设备有限公司", "锂电设备", "江苏", "client"),
    ("EQP03", "福建精工涂布设备有限公司", "锂电设备", "福建", "prospect"),
    ("EQP04", "四川绵阳锂电装备有限公司", "锂电设备", "四川", "prospect"),
    ("EQP05", "江西赣州窑炉设备有限公司", "锂电设备", "江西", "prospect"),
    ("LOG01", "江苏苏运危险品物流有限公司", "物流", "江苏", "prospect"),
    ("LOG02", "福建海峡供应链管理有限公司", "物流", "福建", "client"),
    ("LOG03", "四川蜀道物流有限公司", "物流", "四川", "other_bank"),
    ("LOG04", "广东南沙港航物流有限公司", "物流", "广东", "prospect"),
    ("LOG05", "江西赣运物流有限公司", "物流", "江西", "prospect"),
]

# (id, name, industry, region, status)
INSTITUTIONS = [
    ("GOV01", "溧阳高新区招商局", "政府-招商", "江苏", ""),
    ("GOV02", "宜春市发展和改革委员会", "政府-发改", "江西", ""),
    ("GOV03", "福州市市场监督管理局", "政府-市场监管", "福建", ""),
    ("GOV04", "国家税务总局南京市江宁区税务局", "政府-税务", "江苏", ""),
    ("ASN01", "江苏省新能源汽车产业协会", "行业协会", "江苏", ""),
    ("ASN02", "中部锂电行业商会", "商会", "江西", ""),
    ("ASN03", "福建省动力电池产业联盟", "行业协会", "福建", ""),
    ("ASN04", "四川省汽车经销商商会", "商会", "四川", ""),
    ("GUA01", "江苏苏信融资担保有限公司", "融资担保", "江苏", "client"),
    ("GUA02", "江西赣鑫融资担保有限公司", "融资担保", "江西", "other_bank"),
    ("INS01", "安泰财产保险股份有限公司江苏分公司", "保险", "江苏", "client"),
    ("BRK01", "金陵证券股份有限公司", "券商", "江苏", "other_bank"),
    ("FND01", "蓝湾新能源产业投资基金（有限合伙）", "基金", "上海", "prospect"),
    ("MED01", "锂电观察杂志社", "媒体", "北京", ""),
    ("MED02", "新能源汽车周刊", "媒体", "上海", ""),
]

# Client book: id -> (rm, tier, stage). RM01 江苏, RM02 福建 and the core cell maker, RM03 江西
# lithium, RM04 dealers, fleets and Anhui.
BOOK = {
    "GRP01": ("RM03", 1, 5), "MIN01": ("RM03", 2, 4), "LIS01": ("RM03", 2, 5), "CAT01": ("RM03", 2, 4),
    "CEL01": ("RM02", 1, 6), "LOG02": ("RM02", 3, 4), "ANO03": ("RM02", 3, 3),
    "DLR06": ("RM02", 4, 3), "FLT04": ("RM02", 4, 2), "DLR11": ("RM03", 4, 3), "FLT09": ("RM03", 4, 4), "ANO01": ("RM03", 3, 3),
    "GRP02": ("RM01", 1, 5), "OEM01": ("RM01", 1, 6), "SEP01": ("RM01", 2, 5), "ELY01": ("RM01", 2, 4),
    "CAT03": ("RM01", 2, 3), "CEL03": ("RM01", 2, 4), "PAK02": ("RM01", 3, 3), "EQP02": ("RM01", 3, 3),
    "GUA01": ("RM01", 3, 5), "INS01": ("RM01", 4, 3),
    "DLR01": ("RM04", 3, 5), "DLR02": ("RM04", 3, 6), "DLR03": ("RM04", 4, 3), "DLR10": ("RM04", 4, 3),
    "FLT01": ("RM04", 3, 6), "FLT02": ("RM04", 4, 4), "FLT08": ("RM04", 4, 2), "OEM05": ("RM04", 2, 4),
}

# Revenue scale by segment (median, in 元); sizes are lognormal around it (heavy tail).
SIZE = {"集团控股": 3e10, "锂矿": 3e9, "锂盐": 6e9, "正极材料": 8e9, "负极材料": 3e9, "电解液": 2.5e9, "隔膜": 2e9,
        "电芯": 2.5e10, "电池包": 6e9, "整车": 3e10, "经销商": 8e8, "车队": 3e8, "锂电设备": 1.2e9, "物流": 5e8}
BIG = {"CEL01": 8.6e10, "CEL02": 1.25e11, "OEM01": 6.2e10, "LIS02": 2.1e10, "GRP01": 4.8e10, "SEP01": 5.6e9, "LIS04": 9.5e9}

FOUNDED = {}


def new_account(bank):
    return BANK_PREFIX[bank] + "".join(str(rng.randrange(10)) for _ in range(12))


def build_entities():
    entities, by_id = [], {}
    for fid, name, seg, region, status in FIRMS:
        size = BIG.get(fid) or SIZE[seg] * rng.lognormvariate(0, 0.9)
        e = {"id": fid, "name": name, "kind": "company", "status": status, "industry": seg, "region": region,
             "size": int(size // 1_000_000 * 1_000_000), "founded": str(rng.randrange(1998, 2021))}
        entities.append(e)
        by_id[fid] = e
    for iid, name, ind, region, status in INSTITUTIONS:
        e = {"id": iid, "name": name, "kind": "institution", "status": status, "industry": ind, "region": region,
             "founded": str(rng.randrange(1985, 2018))}
        entities.append(e)
        by_id[iid] = e
    for eid, (rm, tier, stage) in BOOK.items():
        e = by_id[eid]
        assert e["status"] == "client", eid
        e["rm"], e["tier"], e["stage"] = rm, tier, stage
        base = {1: 1.2e7, 2: 3.5e6, 3: 9e5, 4: 2e5}[tier]
        e["value"] = int(base * rng.uniform(0.6, 1.6) // 1000 * 1000)
        if e["kind"] == "institution" and not e.get("size"):
            e["size"] = int(3e8 * rng.uniform(0.5, 2) // 1_000_000 * 1_000_000)
    for e in entities:
        if e["status"] == "other_bank":
            e["stage"] = rng.choice([1, 1, 2])
        if e["status"] == "former":
            e["stage"] = 2
    # The former lithium-salt client left for 工商银行 in 2023; the other-bank cell maker CEL02 knows us
    # a little already (stage 2: it understands what we offer).
    by_id["CEL02"]["stage"] = 2
    # Accounts: every client at our bank (some with a second account); some others list theirs.
    bank_of = {}
    for e in entities:
        if e["status"] == "client":
            bank_of[e["id"]] = OUR_BANK
            n = 2 if e.get("tier") in (1, 2) and rng.random() < 0.6 else 1
            e["accounts"] = ";".join(new_account(OUR_BANK) for _ in range(n))
        else:
            bank_of[e["id"]] = rng.choice(OTHER_BANKS)
            if e["kind"] == "company" and rng.random() < 0.35:
                e["accounts"] = new_account(bank_of[e["id"]])
    bank_of["LIS02"] = "中国工商银行"
    return entities, by_id, bank_of


# ------------------------------------------------------------------------------------------ people
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈"
GIVEN = ["建华", "志强", "秀英", "丽娟", "国平", "海燕", "晓东", "明辉", "桂兰", "文军", "春梅", "永刚", "玉兰", "俊杰", "红霞", "立新",
         "晓燕", "德胜", "振宇", "静怡", "伟", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "超", "军", "娟", "鹏", "慧", "斌", "婷",
         "子涵", "浩然", "雨萱", "宏伟", "金凤", "卫东", "新民", "凤英", "长青", "瑞霖", "思远", "嘉怡"]
used_names = set()


def person_name():
    while True:
        n = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if n not in used_names:
            used_names.add(n)
            return n


def main():
    entities, by_id, bank_of = build_entities()
    relations = []

    def rel(s, t, type_, **kw):
        assert s in by_id and t in by_id, (s, t)
        r = {"source": s, "target": t, "type": type_}
        r.update({k: v for k, v in kw.items() if v is not None})
        relations.append(r)

    # -------------------------------------------------------------------------------- supplies
    seg = {}
    for e in entities:
        seg.setdefault(e["industry"], []).append(e["id"])
    # (upstream segment, downstream segment, customers per supplier, volume range in 元)
    links = [("锂矿", "锂盐", (1, 3), (3e8, 1.5e9)), ("锂盐", "正极材料", (2, 3), (5e8, 4e9)), ("锂盐", "电解液", (1, 2), (1e8, 8e8)),
             ("正极材料", "电芯", (2, 3), (5e8, 6e9)), ("负极材料", "电芯", (2, 3), (1e8, 1.5e9)), ("电解液", "电芯", (2, 3), (1e8, 1e9)),
             ("隔膜", "电芯", (2, 3), (5e7, 8e8)), ("电芯", "电池包", (1, 2), (1e9, 8e9)), ("电芯", "整车", (1, 2), (2e9, 8e9)),
             ("电池包", "整车", (1, 2), (1e9, 6e9)), ("锂电设备", "电芯", (1, 2), (3e7, 5e8)), ("锂电设备", "正极材料", (0, 1), (3e7, 2e8)),
             ("物流", "电芯", (1, 2), (1e7, 1e8)), ("物流", "整车", (0, 1), (2e7, 1.5e8))]
    pairs = {}
    for up, down, (lo, hi), (vlo, vhi) in links:
        for s in seg[up]:
            k = rng.randint(lo, hi)
            cands = sorted(seg[down], key=lambda t: -(by_id[t]["size"] ** 0.5) * rng.random())   # bigger buyers more likely
            for t in cands[:k]:
                pairs[(s, t)] = rng.uniform(vlo, vhi)
    # Every downstream firm buys from someone upstream (no orphan in the chain).
    for up, down, _, (vlo, vhi) in links:
        if down in ("电芯", "正极材料", "锂盐", "电解液"):
            for t in seg[down]:
                if not any(s in seg[up] for (s, tt) in pairs if tt == t) and up in ("锂矿", "锂盐", "正极材料", "隔膜"):
                    pairs[(rng.choice(seg[up]), t)] = rng.uniform(vlo, vhi)
    # Vehicle makers sell to their regional dealers, dealers to fleets, some makers straight to fleets.
    for d in seg["经销商"]:
        region = by_id[d]["region"]
        makers = [o for o in seg["整车"] if by_id[o]["region"] == region] or [rng.choice(seg["整车"])]
        for o in makers[:2]:
            pairs[(o, d)] = rng.uniform(2e8, 2e9)
    for f in seg["车队"]:
        region = by_id[f]["region"]
        dealers = [d for d in seg["经销商"] if by_id[d]["region"] == region] or [rng.choice(seg["经销商"])]
        for d in rng.sample(dealers, min(len(dealers), rng.choice([1, 2]))):
            pairs[(d, f)] = rng.uniform(3e7, 4e8)
    # Story: the half-banked chain. Our core client CEL01 buys from suppliers that bank elsewhere.
    for s, v in [("CAT02", 4.2e9), ("CAT05", 3.1e9), ("ANO02", 1.1e9), ("ANO05", 4.5e8), ("ELY02", 8.6e8), ("ELY03", 2.9e8),
                 ("SEP01", 6.4e8), ("SEP04", 3.3e8), ("EQP03", 1.8e8), ("LOG02", 6.0e7), ("LIS02", 0)]:
        if v:
            pairs[(s, "CEL01")] = v
    for t, v in [("PAK01", 9.8e9), ("OEM02", 7.5e9), ("OEM03", 5.2e9)]:
        pairs[("CEL01", t)] = v
    # Story: the other-bank giant CEL02 buys from three of our clients (a shared separator supplier).
    for s, v in [("SEP01", 7.9e8), ("CAT03", 3.6e9), ("ELY01", 6.1e8), ("EQP01", 2.2e8), ("LOG03", 7.5e7)]:
        pairs[(s, "CEL02")] = v
    for t, v in [("PAK04", 8.8e9), ("OEM04", 6.5e9)]:
        pairs[("CEL02", t)] = v
    # SEP01 is the shared separator supplier: also CEL03, CEL07.
    pairs[("SEP01", "CEL03")] = 4.1e8
    pairs[("SEP01", "CEL07")] = 2.6e8
    # Story: the former client LIS02 still sells lithium carbonate to three of our clients.
    for t, v in [("CAT01", 2.3e9), ("CAT03", 1.6e9), ("ELY01", 3.4e8)]:
        pairs[("LIS02", t)] = v
    pairs[("MIN02", "LIS02")] = 7.2e8
    # Our group: mine -> salt -> cathode inside 赣南锂源, then to cells.
    pairs[("MIN01", "LIS01")] = 1.4e9
    pairs[("LIS01", "CAT01")] = 3.2e9
    pairs[("CAT01", "CEL03")] = 2.7e9
    pairs[("CAT03", "CEL03")] = 1.9e9
    pairs[("ELY01", "CEL03")] = 3.5e8
    pairs[("CEL03", "PAK02")] = 4.6e9
    pairs[("PAK02", "OEM01")] = 5.1e9
    pairs[("CEL03", "OEM01")] = 6.8e9
    pairs[("CEL03", "OEM05")] = 2.4e9
    pairs[("EQP02", "CEL03")] = 2.9e8
    pairs[("LOG01", "ELY01")] = 4.2e7
    pairs[("OEM01", "FLT01")] = 3.8e8
    pairs[("OEM05", "FLT08")] = 2.6e8
    pairs[("DLR02", "FLT03")] = 1.2e8
    pairs[("DLR01", "FLT10")] = 9.0e7
    pairs[("OEM01", "DLR04")] = 6.5e8
    pairs[("CEL05", "OEM06")] = 1.9e9
    pairs[("OEM06", "DLR11")] = 7.4e8
    # LIS04 has no trade tie with anyone the bank knows (see the association story).
    pairs = {k: v for k, v in pairs.items() if "LIS04" not in k}
    start = {}
    for (s, t), v in sorted(pairs.items()):
        d = "%d-%02d-01" % (rng.randrange(2014, 2024), rng.randrange(1, 13))
        start[(s, t)] = d
        rel(s, t, "supplies", weight=int(v // 100_000 * 100_000), date=d,
            strength=rng.choice([0.6, 0.8, 0.9]) if rng.random() < 0.08 else None)

    # -------------------------------------------------------------------------------- owns, guarantees
    rel("GRP01", "MIN01", "owns", weight=1.0, date="2012-04-16")
    rel("GRP01", "LIS01", "owns", weight=0.85, date="2014-09-02")
    rel("GRP01", "CAT01", "owns", weight=0.6, date="2018-03-21")
    rel("LIS01", "LOG05", "owns", weight=0.3, date="2020-07-01")
    rel("GRP02", "OEM01", "owns", weight=0.62, date="2015-11-11")
    rel("GRP02", "DLR01", "owns", weight=1.0, date="2016-02-18")
    rel("GRP02", "DLR02", "owns", weight=0.51, date="2019-05-30")
    rel("GRP02", "PAK02", "owns", weight=0.35, date="2021-08-09")
    rel("CEL01", "PAK01", "owns", weight=1.0, date="2017-06-06")
    rel("FND01", "CEL02", "owns", weight=0.08, date="2022-12-20")
    rel("FND01", "SEP03", "owns", weight=0.15, date="2023-06-15")
    rel("OEM05", "DLR10", "owns", weight=0.4, date="2020-10-10")
    rel("GRP01", "LIS01", "guarantees", weight=200_000_000, date="2024-03-01")
    rel("GRP01", "CAT01", "guarantees", weight=150_000_000, date="2024-06-18")
    rel("GRP02", "DLR01", "guarantees", weight=50_000_000, date="2025-01-08")
    rel("CEL01", "PAK01", "guarantees", weight=300_000_000, date="2024-01-15")
    rel("GUA01", "ELY01", "guarantees", weight=30_000_000, date="2023-05-10")
    rel("GUA01", "DLR03", "guarantees", weight=8_000_000, date="2024-02-20")
    rel("GUA01", "FLT01", "guarantees", weight=5_000_000, date="2024-04-12")
    rel("GUA02", "MIN02", "guarantees", weight=20_000_000, date="2024-09-03")
    rel("GUA02", "LIS05", "guarantees", weight=15_000_000, date="2025-03-27")
    rel("DLR04", "FLT10", "guarantees", weight=10_000_000, date="2024-08-01")   # 联保: each guarantees the other
    rel("FLT10", "DLR04", "guarantees", weight=10_000_000, date="2024-08-01")

    # -------------------------------------------------------------------------------- people
    people = {}   # firm -> [(pid, role)]
    pn = 0

    def person(firm, role):
        nonlocal pn
        pn += 1
        pid = "P%03d" % pn
        name = person_name()
        e = {"id": pid, "name": name, "kind": "person", "region": by_id[firm]["region"]}
        entities.append(e)
        by_id[pid] = e
        rel(pid, firm, "works_at", role=role, date="%d-%02d-01" % (rng.randrange(2008, 2024), rng.randrange(1, 13)))
        people.setdefault(firm, []).append((pid, role))
        return pid

    key_firms = {"GRP01", "GRP02", "CEL01", "CEL02", "OEM01", "SEP01", "LIS02", "LIS04", "CAT03", "CEL03"}
    for fid, name, s, region, status in FIRMS:
        if fid in key_firms:
            roles = ["董事长", "总经理", "财务总监"]
        elif status in ("client", "former"):
            roles = ["财务总监", "总经理"] if rng.random() < 0.5 else ["财务总监"]
        elif status == "other_bank" or rng.random() < 0.2:
            roles = [rng.choice(["总经理", "财务总监", "董事长"])]
        else:
            roles = []
        for role in roles:
            person(fid, role)
    for iid in ["GUA01", "GUA02", "ASN01", "ASN02", "ASN03", "GOV01", "INS01", "BRK01", "MED01"]:
        person(iid, {"GUA01": "总经理", "GUA02": "业务总监", "ASN01": "秘书长", "ASN02": "秘书长", "ASN03": "秘书长",
                     "GOV01": "局长", "INS01": "总经理", "BRK01": "投行部总经理", "MED01": "主编"}[iid])

    def who(firm, role):
        return next(p for p, r in people[firm] if r == role)

    # Free-text notes an RM keeps (an extra column: it must survive every command and export).
    by_id["LIS02"]["contact"] = "2023年转至工商银行; 财务总监%s" % by_id[who("LIS02", "财务总监")]["name"]
    by_id["CEL02"]["contact"] = "财务总监%s与星膜董事长相熟" % by_id[who("CEL02", "财务总监")]["name"]

    knows = set()

    def know(a, b, strength=None, date=None):
        if a == b or (a, b) in knows or (b, a) in knows:
            return
        knows.add((a, b))
        rel(a, b, "knows", strength=strength, date=date)

    # Story ties: the other-bank giant's CFO knows our separator client's chairman well.
    know(who("SEP01", "董事长"), who("CEL02", "财务总监"), strength=0.85, date="2019-05-01")
    know(who("CEL02", "董事长"), who("OEM01", "董事长"), strength=0.5)
    # The former client's CFO still knows our lithium group's CFO.
    know(who("LIS02", "财务总监"), who("GRP01", "财务总监"), strength=0.7)
    know(who("LIS02", "董事长"), who("GRP01", "董事长"), date="2010-09-01")
    # Executives of a supplier and its customer often know each other.
    for (s, t) in sorted(pairs):
        if s in people and t in people and rng.random() < 0.3 and "LIS04" not in (s, t):
            a, b = rng.choice(people[s])[0], rng.choice(people[t])[0]
            know(a, b, strength=rng.choice([0.3, 0.5, 0.7, 0.9]) if rng.random() < 0.3 else None)
    # Inside a firm the chairman knows the CFO closely.
    for firm, ps in sorted(people.items()):
        if len(ps) >= 2 and rng.random() < 0.5:
            know(ps[0][0], ps[-1][0], strength=0.9)
    # Association secretaries know the members' chairmen; the introducers know a few executives.
    for firm, ps in sorted(people.items()):
        if by_id[firm]["kind"] == "institution" and firm != "ASN02":
            others = [p for f, qs in sorted(people.items()) if f not in (firm, "LIS04") for p, _ in qs]
            for p in rng.sample(others, 3):
                know(ps[0][0], p)

    # -------------------------------------------------------------------------------- member_of
    members = {
        "ASN01": ["OEM01", "GRP02", "PAK02", "CEL03", "SEP01", "ELY01", "DLR01", "DLR04", "FLT01", "EQP02", "CAT03", "LIS06"],
        "ASN02": ["GRP01", "LIS01", "LIS02", "LIS04", "LIS05", "MIN02", "CAT01", "ANO01", "CAT07"],
        "ASN03": ["CEL01", "SEP04", "ANO05", "CAT05", "OEM02", "ELY03", "EQP03", "LOG02"],
        "ASN04": ["DLR09", "DLR12", "FLT05", "OEM04"],
    }
    for a, fs in members.items():
        for f in fs:
            rel(f, a, "member_of", date="%d-%02d-01" % (rng.randrange(2015, 2024), rng.randrange(1, 13)))
    # Chairmen sit on association boards in person. Story: LIS04 (青海锂晶) has no trade tie and no
    # acquaintance with anyone we know; the only door is the chamber 中部锂电行业商会, where its
    # chairman and our group's chairman are both board members.
    for f, a in [("GRP01", "ASN02"), ("LIS04", "ASN02"), ("LIS02", "ASN02"), ("OEM01", "ASN01"), ("SEP01", "ASN01"), ("CEL01", "ASN03")]:
        rel(who(f, "董事长"), a, "member_of", date="2021-01-01")
    know(who("ASN02", "秘书长"), who("GRP01", "董事长"), strength=0.6)

    # -------------------------------------------------------------------------------- refers
    refs = [
        # A referral cascade (growth by fission): OEM01 -> DLR02 -> FLT01 -> FLT02 -> FLT03 (pending).
        ("OEM01", "DLR02", "2023-03-10", "won"), ("DLR02", "FLT01", "2023-11-02", "won"), ("FLT01", "FLT02", "2024-06-18", "won"),
        ("FLT02", "FLT03", "2025-10-15", "pending"),
        # The core cell maker opened its logistics partner, who opened an anode maker, who talks to a cathode maker.
        ("CEL01", "LOG02", "2023-05-22", "won"), ("LOG02", "ANO03", "2024-02-14", "won"), ("ANO03", "CAT06", "2025-07-03", "pending"),
        # The lithium group brings its chamber peers.
        ("GRP01", "LIS05", "2025-09-12", "pending"), ("GRP01", "MIN02", "2024-04-08", "lost"),
        # A dormant introducer: the guarantee company brought four in 2023-2024, nothing since.
        ("GUA01", "ELY01", "2023-02-16", "won"), ("GUA01", "DLR03", "2023-09-05", "won"), ("GUA01", "DLR10", "2024-01-22", "won"),
        ("GUA01", "DLR04", "2024-05-30", "lost"),
        # A government office that refers several firms to the bank (溧阳高新区招商局).
        ("GOV01", "CEL03", "2023-04-18", "won"), ("GOV01", "PAK02", "2024-03-12", "won"), ("GOV01", "EQP02", "2024-09-25", "won"),
        ("GOV01", "ANO04", "2025-06-06", "pending"), ("GOV01", "CAT04", "2025-03-19", "lost"),
        # Financial peers, associations, media.
        ("BRK01", "CAT03", "2024-08-20", "won"), ("INS01", "FLT08", "2025-04-09", "won"), ("ASN01", "DLR04", "2025-11-03", "pending"),
        ("GOV02", "LIS05", "2024-11-11", "lost"), ("MED01", "SEP03", "2024-10-08", "lost"), ("SEP01", "ELY01", "2022-12-01", "lost"),
        ("OEM05", "FLT08", "2024-12-02", "pending"), ("GRP02", "INS01", "2023-08-15", "won"),
        # A young client already introducing a peer cell maker.
        ("CEL03", "CEL05", "2025-08-28", "pending"),
    ]
    for s, t, d, o in refs:
        if o == "won":
            assert by_id[t]["status"] == "client", t
        rel(s, t, "refers", date=d, outcome=o)
    client_since(entities, refs)

    ent_header = ["id", "name", "kind", "status", "industry", "region", "tier", "rm", "value", "size", "stage", "client_since",
                  "accounts", "founded", "contact"]
    rel_header = ["source", "target", "type", "weight", "strength", "date", "outcome", "role"]
    write("entities.csv", ent_header, entities)
    write("relations.csv", rel_header, relations)
    payments(entities, by_id, bank_of, pairs, start)


def client_since(entities, refs):
    """The day each client (and the former client) opened its account (开户日期), what a core
    banking system's customer table holds. A client won through a referral opened its account three
    to ten weeks after the introduction; the others were won before the referral log starts (2012 to
    2022, never before the firm was founded). LIS02, the former client, was a client from 2016 until
    it left in 2023. Its own random stream, so the rest of the sample does not change."""
    since = random.Random(13)
    won = {t: d for _, t, d, o in refs if o == "won"}
    for e in entities:
        if e.get("status") not in ("client", "former"):
            continue
        if e["id"] in won:
            y, m, d = map(int, won[e["id"]].split("-"))
            day = datetime.date(y, m, d) + datetime.timedelta(days=since.randint(21, 70))
        else:
            first = max(2012, int(e.get("founded", "2012")) + 1)
            day = datetime.date(since.randint(first, max(first, 2022)), since.randint(1, 12), since.randint(1, 28))
        e["client_since"] = day.isoformat()
    assert sum(1 for e in entities if e.get("client_since", "") > "2023-01-01") >= 10


def write(name, header, rows):
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])


# ------------------------------------------------------------------------------------------ payments
def payments(entities, by_id, bank_of, pairs, start):
    acct = {}
    for e in entities:
        if e["kind"] == "person":
            continue
        acct[e["id"]] = (e.get("accounts") or new_account(bank_of[e["id"]])).split(";")
    rows = []
    tx = [0]

    def fmt_date(y, m, d):
        r = rng.random()
        if r < 0.10:
            return "%d/%02d/%02d" % (y, m, d)
        if r < 0.16:
            return "%d%02d%02d" % (y, m, d)
        return "%d-%02d-%02d" % (y, m, d)

    def fmt_amount(v):
        return "{:,.2f}".format(v) if rng.random() < 0.25 else "%.2f" % v

    def pay(y, m, d, payer_acct, payee_acct, payer_name, payee_name, payer_bank, payee_bank, amount, memo, currency="CNY"):
        tx[0] += 1
        rows.append({"date": fmt_date(y, m, d), "payer_account": payer_acct, "payee_account": payee_acct, "payer_name": payer_name,
                     "payee_name": payee_name, "payer_bank": payer_bank, "payee_bank": payee_bank, "amount": fmt_amount(amount),
                     "currency": currency, "memo": memo, "id": "JN%s%02d%06d" % (y, m, tx[0])})

    def months(first=(2024, 1), last=(2025, 12)):
        y, m = first
        while (y, m) <= last:
            yield y, m
            m += 1
            if m == 13:
                y, m = y + 1, 1

    MEMO = {"锂矿": "锂精矿货款", "锂盐": "碳酸锂采购款", "正极材料": "正极材料货款", "负极材料": "负极材料货款", "电解液": "电解液货款",
            "隔膜": "隔膜采购款", "电芯": "电芯采购款", "电池包": "电池包货款", "整车": "购车款", "经销商": "车辆款", "锂电设备": "设备款",
            "物流": "运输服务费"}
    variants = ["江西赣源锂业股份有限公司", "江西赣源锂业股份有限公司 ", "江西赣源锂业(股份)有限公司", "江西赣源锂业（股份）有限公司"]
    lis02_branch = ("江西赣源锂业股份有限公司宜春分公司", new_account("中国工商银行"))

    def side(eid, k):
        return acct[eid][k % len(acct[eid])], by_id[eid]["name"], bank_of[eid]

    trade_rows = 0
    for (s, t), volume in sorted(pairs.items()):
        if by_id[s]["status"] != "client" and by_id[t]["status"] != "client":
            continue   # the bank sees only its clients' payments
        if s in ("GRP01", "GRP02") or t in ("GRP01", "GRP02"):
            continue
        pattern = rng.choice(["monthly", "monthly", "monthly", "quarterly", "late"])
        first = (2024, 1) if pattern != "late" else (2024, rng.randrange(4, 13))
        for i, (y, m) in enumerate(months(first)):
            if pattern == "quarterly" and m % 3:
                continue
            if rng.random() < 0.08:
                continue   # a skipped month
            share = volume / (4 if pattern == "quarterly" else 12)
            amount = round(share * rng.uniform(0.7, 1.3) / 100) * 100 + rng.randrange(100) / 100
            pa, pn, pb = side(t, i)
            qa, qn, qb = side(s, 0)
            if s == "LIS02":
                qn = variants[i % len(variants)]
                if i % 7 == 3:
                    qn, qa = lis02_branch
            elif rng.random() < 0.03:
                qn += " "
            memo = MEMO.get(by_id[s]["industry"], "货款")
            if rng.random() < 0.15:
                memo = rng.choice(["货款", "预付款", "材料款", "%d年%d月结算" % (y, m)])
            pay(y, m, rng.randrange(3, 29), pa, qa, pn, qn, pb, qb, amount, memo)
            trade_rows += 1

    # Trade with counterparties not yet in entities.csv (mining turns them into prospects).
    newcomers = [  # (client, counterparty name, bank, client pays?, yearly volume, months active)
        ("CEL03", "江苏金坛铜箔科技有限公司", "中国建设银行", True, 3.2e8, 24), ("CEL01", "福建宁化铝塑膜有限公司", "兴业银行", True, 1.5e8, 24),
        ("CAT01", "江西萍乡前驱体材料有限公司", "中国银行", True, 9.0e8, 20), ("LIS01", "青海格尔木碳酸锂贸易有限公司", "中国农业银行", True, 4.0e8, 14),
        ("PAK02", "江苏常州电控系统有限公司", "招商银行", True, 1.1e8, 24), ("OEM01", "浙江杭湾网约车有限公司", "中信银行", False, 2.4e8, 18),
        ("OEM05", "安徽合肥城市配送有限公司", "中国工商银行", False, 9.0e7, 12), ("SEP01", "江苏盐城聚烯烃原料有限公司", "中国建设银行", True, 1.8e8, 24),
        ("CEL01", "广东东莞包装材料有限公司", "中国农业银行", True, 6.0e6, 2), ("ELY01", "上海临港检测技术服务有限公司", "招商银行", True, 1.2e6, 1),
    ]
    for client, name, bank, client_pays, volume, active in newcomers:
        other = new_account(bank)
        second = new_account(bank)
        ms = list(months())[-active:] if active < 24 else list(months())
        for i, (y, m) in enumerate(ms):
            amount = round(volume / 12 * rng.uniform(0.75, 1.25) / 100) * 100 + 0.5
            shown = name
            if name.startswith("江苏金坛") and i % 3 == 1:
                shown = "江苏金坛铜箔科技有限责任公司"
            if name.startswith("福建宁化") and i % 5 == 2:
                # Same name, a different account: the miner must report the conflict, not merge silently.
                ca, cb = second, "中国农业银行"
            else:
                ca, cb = other, bank
            ours = side(client, 0)
            if client_pays:
                pay(y, m, rng.randrange(3, 29), ours[0], ca, ours[1], shown, OUR_BANK, cb, amount, "货款")
            else:
                pay(y, m, rng.randrange(3, 29), ca, ours[0], shown, ours[1], cb, OUR_BANK, amount, "购车款")

    # Not trade: payroll to individuals, taxes, social insurance, housing fund, loans, own transfers.
    employees = [person_name() for _ in range(12)] + ["张伟", "王芳"]
    payroll_clients = ["CEL01", "OEM01", "SEP01", "CEL03", "LIS01", "FLT01"]
    for y, m in months():
        for c in payroll_clients:
            a, n, b = side(c, 0)
            emp = rng.choice(employees)
            pay(y, m, 10, a, "6217" + "%012d" % rng.randrange(10**12), n, emp, b, rng.choice(OTHER_BANKS + [OUR_BANK]),
                rng.uniform(8000, 45000), "代发工资%d年%02d月" % (y, m))
        for c in ["CEL01", "OEM01", "SEP01", "CAT03"]:
            a, n, b = side(c, 0)
            city = {"福建": "福州", "江苏": "南京"}[by_id[c]["region"]]
            pay(y, m, 15, a, "9100%012d" % {"福州": 591, "南京": 25}[city], n, "%s市社会保险事业管理中心" % city, b, "中国建设银行",
                rng.uniform(1.5e6, 6e6), "社保费")
            pay(y, m, 15, a, "9200%012d" % {"福州": 591, "南京": 25}[city], n, "%s住房公积金管理中心" % city, b, "中国建设银行",
                rng.uniform(5e5, 2e6), "住房公积金")
        if m % 3 == 0:
            for c in ["CEL01", "OEM01", "GRP01", "SEP01", "LIS01", "CAT01", "ELY01", "CEL03"]:
                a, n, b = side(c, 0)
                pay(y, m, 20, a, "2701%012d" % {"江西": 797, "福建": 591, "江苏": 25}[by_id[c]["region"]], n, "国家金库%s中心支库" % {"江西": "赣州市", "福建": "福州市", "江苏": "南京市"}[by_id[c]["region"]],
                    b, "中国人民银行", rng.uniform(5e6, 6e7), rng.choice(["税款 增值税", "企业所得税", "国库 税款缴纳"]))
                pay(y, m, 21, a, "8801000000000001", n, "江南商业银行股份有限公司", b, OUR_BANK, rng.uniform(2e6, 1.5e7),
                    rng.choice(["贷款利息", "贷款还款", "流动资金贷款还款"]))
    # Transfers between a client's own accounts, and within groups (linked by owns).
    for y, m in months():
        for c in ["CEL01", "OEM01", "LIS01", "SEP01"]:
            if len(acct[c]) > 1 and rng.random() < 0.6:
                a, n, b = side(c, 0)
                pay(y, m, 25, a, acct[c][1], n, n, b, b, rng.uniform(1e7, 8e7), rng.choice(["内部调拨", "资金划转 本公司账户"]))
        for parent, child in [("GRP01", "LIS01"), ("GRP01", "CAT01"), ("GRP02", "OEM01")]:
            if rng.random() < 0.5:
                a, n, b = side(child, 0)
                pa, pn, pb = side(parent, 0)
                pay(y, m, 28, a, pa, n, pn, b, pb, rng.uniform(2e7, 2e8), "集团资金归集")
    # Payments to individuals that are not payroll (expenses, service fees).
    for i in range(18):
        c = rng.choice(payroll_clients)
        a, n, b = side(c, 0)
        y, m = rng.choice(list(months()))
        pay(y, m, rng.randrange(1, 28), a, "6222" + "%012d" % rng.randrange(10**12), n, rng.choice(employees), b, rng.choice(OTHER_BANKS),
            rng.uniform(2000, 80000), rng.choice(["差旅费报销", "劳务费", "咨询服务费"]))
    # Refunds and reversals: negative amounts mirroring earlier trade payments.
    trade = [r for r in rows[:trade_rows]]
    for r in rng.sample(trade, 16):
        v = -float(r["amount"].replace(",", "")) * (1 if rng.random() < 0.5 else rng.uniform(0.05, 0.3))
        tx[0] += 1
        rows.append(dict(r, amount="%.2f" % v, memo=rng.choice(["冲正 原交易%s" % r["id"], "退款 质量扣款", "退货退款"]),
                         id="JNR%07d" % tx[0]))
    # USD: imported spodumene paid by the lithium salt client, exported packs paid to PAK02.
    for i, (y, m) in enumerate(list(months())[::4]):
        a, n, b = side("LIS01", 0)
        pay(y, m, 12, a, "AU0183320045%02d" % i, n, "Southern Cross Spodumene Pty Ltd", b, "Westpac Banking Corporation",
            rng.uniform(2e6, 6e6), "Spodumene concentrate", currency="USD")
        a, n, b = side("PAK02", 0)
        pay(y, m, 18, "MY7712004321%02d" % i, a, "Nusantara EV Assembly Sdn Bhd", n, "Maybank", b, rng.uniform(3e5, 1.2e6),
            "Battery pack export", currency="USD")
    rng.shuffle(rows)
    # Repeated transaction ids: the same row exported twice.
    for r in rng.sample(rows, 5):
        rows.insert(rng.randrange(len(rows)), dict(r))
    # Deliberately bad rows for the reject report.
    good = rows[0]
    bad = [dict(good, date="2025-13-40", id="BAD0001"), dict(good, date="2025/02/30", id="BAD0002"), dict(good, amount="abc", id="BAD0003"),
           dict(good, payee_account="", id="BAD0004"), dict(good, currency="XYZ", id="BAD0005"), dict(good, date="", id="BAD0006"),
           dict(good, amount="", id="BAD0007"), dict(good, payer_name="", id="BAD0008")]
    for b in bad:
        rows.insert(rng.randrange(len(rows)), b)
    write("payments.csv", ["date", "payer_account", "payee_account", "payer_name", "payee_name", "payer_bank", "payee_bank", "amount", "currency",
                           "memo", "id"], rows)


if __name__ == "__main__":
    main()
