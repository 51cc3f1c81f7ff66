"""Builds the hand-shaped sample graphs in Graphs/ (deterministic: run it again, get the same files).

    python3 Graphs/tools/make_samples.py

battery-chain: a fictional new-energy-vehicle battery chain in Chinese, with the stories an RM
would recognise (see Graphs/README.md). coffee-roasters: a small English sample. All firms and
people are invented; any likeness to a real company is accidental.
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


def account():
    return "6228" + "".join(str(rng.randrange(10)) for _ in range(15))


# ---------------------------------------------------------------- battery chain
# (segment, region, firm names); the first firm of some segments is the big one.
SEGMENTS = [
    ("锂矿", ["江西赣源锂矿有限公司", "青海盐湖锂业股份有限公司", "四川甘孜锂辉矿业有限公司", "江西宜春云母锂矿有限公司", "西藏扎布耶锂资源有限公司"]),
    ("锂盐", ["江西锂源新材料股份有限公司", "四川天盛锂业有限公司", "青海柴达木锂盐有限公司", "江西赣锋华锂化工有限公司", "湖南永杉锂盐有限公司"]),
    ("正极材料", ["湖南长岭正极材料有限公司", "宁波容远新能源材料股份有限公司", "贵州振华新材料有限公司", "江苏当升科技材料有限公司", "广东邦盛循环科技有限公司", "湖北万润新能源材料有限公司"]),
    ("负极材料", ["上海杉杉碳材料有限公司", "深圳贝特瑞负极材料有限公司", "江西紫宸碳素有限公司", "内蒙古凯金石墨有限公司"]),
    ("电解液", ["广州天赐电解液有限公司", "深圳新宙邦化学有限公司", "江苏国泰华荣化工有限公司", "浙江永太氟化工有限公司"]),
    ("隔膜", ["苏州华膜隔膜科技有限公司", "上海恩捷隔膜材料有限公司", "河北金力新能源隔膜有限公司", "深圳星源微孔膜有限公司"]),
    ("电芯", ["宁德新能电池有限公司", "常州中创储能电芯有限公司", "合肥国科动力电池有限公司", "惠州亿纬锂电有限公司", "江苏蜂巢动力电芯有限公司", "四川瑞浦储能电池有限公司"]),
    ("电池包", ["福建时代电池系统有限公司", "江苏欣旺达电池包有限公司", "安徽德赛电池科技有限公司", "深圳科达利结构件有限公司", "广东鹏辉PACK技术有限公司"]),
    ("整车", ["深圳驰远汽车有限公司", "重庆长安新能源汽车有限公司", "合肥蔚来智能汽车有限公司", "广州小鹏汽车科技有限公司", "浙江零跑汽车有限公司", "江西江铃新能源汽车有限公司"]),
    ("经销商", ["深圳驰远汽车销售服务有限公司", "广州骏驰汽车贸易有限公司", "杭州顺达新能源汽车销售有限公司", "南昌赣新汽车贸易有限公司", "成都锦程汽车销售有限公司", "重庆渝通汽车服务有限公司", "福州闽运汽车销售有限公司", "上海申程新能源汽车销售有限公司"]),
    ("车队", ["深圳鹏城网约车运营有限公司", "广州羊城物流配送有限公司", "杭州西湖出行科技有限公司", "成都蓉城快运有限公司", "上海城配新能源物流有限公司", "南昌洪城出租汽车有限公司"]),
]
EQUIPMENT = [("锂电设备", "无锡先导智能装备有限公司"), ("锂电设备", "广东利元亨智能装备有限公司"),
             ("物流", "江西赣运物流有限公司"), ("回收", "湖南邦普循环科技有限公司")]
REGIONS = {"南昌": "江西", "赣州": "江西", "宜春": "江西", "长沙": "湖南", "株洲": "湖南", "芜湖": "安徽", "东莞": "广东", "遂宁": "四川", "厦门": "福建",
           "江西": "江西", "青海": "青海", "四川": "四川", "西藏": "西藏", "湖南": "湖南", "宁波": "浙江", "贵州": "贵州", "江苏": "江苏",
           "广东": "广东", "湖北": "湖北", "上海": "上海", "深圳": "广东", "内蒙古": "内蒙古", "广州": "广东", "浙江": "浙江", "苏州": "江苏",
           "河北": "河北", "宁德": "福建", "常州": "江苏", "合肥": "安徽", "惠州": "广东", "福建": "福建", "安徽": "安徽", "重庆": "重庆",
           "杭州": "浙江", "南昌": "江西", "成都": "四川", "福州": "福建", "无锡": "江苏"}


def region_of(name):
    for k, v in REGIONS.items():
        if name.startswith(k):
            return v
    return ""


SUFFIX = {"锂矿": "矿业有限公司", "锂盐": "锂业有限公司", "正极材料": "正极材料有限公司", "负极材料": "碳材料有限公司", "电解液": "电解液科技有限公司",
          "隔膜": "隔膜材料有限公司", "电芯": "电池科技有限公司", "电池包": "电池系统有限公司", "整车": "汽车有限公司", "经销商": "汽车销售服务有限公司",
          "车队": "运力科技有限公司"}
CITIES = ["南昌", "赣州", "宜春", "长沙", "株洲", "宁波", "苏州", "无锡", "常州", "合肥", "芜湖", "深圳", "东莞", "惠州", "广州", "成都", "遂宁", "重庆", "福州", "厦门", "杭州", "上海"]
BRANDS = ["恒通", "瑞丰", "嘉禾", "鑫源", "博远", "华腾", "凯润", "晟达", "锦昌", "汇鼎", "宏宇", "安隆", "明德", "启航", "云峰", "海川", "泰瑞", "新联", "捷创", "光远"]


def extra_firms(seg, count):
    names = []
    while len(names) < count:
        name = rng.choice(CITIES) + rng.choice(BRANDS) + SUFFIX[seg]
        if name not in names:
            names.append(name)
    return names


def battery_chain():
    folder = os.path.join(GRAPHS, "battery-chain")
    for seg, names in SEGMENTS:
        names.extend(extra_firms(seg, {"锂矿": 4, "锂盐": 5, "车队": 12, "经销商": 12}.get(seg, 8)))
    entities, relations = [], []
    ids = {}
    seg_members = {}
    n = 0
    for seg, names in SEGMENTS:
        seg_members[seg] = []
        for k, name in enumerate(names):
            n += 1
            eid = "C%03d" % n
            ids[name] = eid
            big = k == 0
            size = int(rng.lognormvariate(22.5 if big else 21.0, 0.8) // 1_000_000 * 1_000_000)
            entities.append({"id": eid, "name": name, "kind": "company", "status": "prospect", "industry": seg,
                             "region": region_of(name), "size": size, "founded": str(rng.randrange(1995, 2021))})
            seg_members[seg].append(eid)
    for seg, name in EQUIPMENT:
        n += 1
        eid = "C%03d" % n
        ids[name] = eid
        entities.append({"id": eid, "name": name, "kind": "company", "status": "prospect", "industry": seg,
                         "region": region_of(name), "size": int(rng.lognormvariate(20.5, 0.6) // 1_000_000 * 1_000_000),
                         "founded": str(rng.randrange(2000, 2020))})
    by_id = {e["id"]: e for e in entities}

    # Who banks with us (江南商业银行), by RM book. Story 1: the core cell maker 宁德新能 is our
    # strategic client but its upstream suppliers bank elsewhere (a half-banked chain).
    book = {
        "RM01": ["宁德新能电池有限公司", "江西锂源新材料股份有限公司", "福建时代电池系统有限公司", "福州闽运汽车销售有限公司", "江西赣运物流有限公司"],
        "RM02": ["深圳驰远汽车销售服务有限公司", "广州骏驰汽车贸易有限公司", "深圳鹏城网约车运营有限公司", "广州羊城物流配送有限公司", "广东邦盛循环科技有限公司"],
        "RM03": ["江西赣源锂矿有限公司", "南昌赣新汽车贸易有限公司", "江西紫宸碳素有限公司", "南昌洪城出租汽车有限公司", "江西江铃新能源汽车有限公司"],
        "RM04": ["上海杉杉碳材料有限公司", "上海申程新能源汽车销售有限公司", "上海城配新能源物流有限公司", "杭州顺达新能源汽车销售有限公司"],
    }
    tiers = {"宁德新能电池有限公司": 1, "江西锂源新材料股份有限公司": 2, "深圳驰远汽车销售服务有限公司": 2, "江西江铃新能源汽车有限公司": 1}
    for rm, names in book.items():
        for name in names:
            e = by_id[ids[name]]
            e["status"] = "client"
            e["rm"] = rm
            e["tier"] = tiers.get(name, rng.choice([2, 3, 3, 4]))
            e["value"] = int(e["size"] * rng.uniform(0.0004, 0.0012) // 1000 * 1000)
            e["stage"] = rng.choice([3, 4, 4, 5, 6]) if e["tier"] <= 2 else rng.choice([2, 3, 4])
            e["accounts"] = ";".join(account() for _ in range(rng.choice([1, 1, 2])))
    # Story 2: an other-bank cell maker, a big quick win.
    for name in ["常州中创储能电芯有限公司", "苏州华膜隔膜科技有限公司", "湖南长岭正极材料有限公司", "广州天赐电解液有限公司", "合肥国科动力电池有限公司"]:
        by_id[ids[name]]["status"] = "other_bank"
    # Story 3: a former client worth winning back.
    by_id[ids["深圳驰远汽车有限公司"]]["status"] = "former"
    by_id[ids["深圳驰远汽车有限公司"]]["stage"] = 3
    by_id[ids["四川天盛锂业有限公司"]]["status"] = "former"
    for e in entities:
        if e["status"] == "prospect" and rng.random() < 0.2:
            e["status"] = "other_bank"
        if e["status"] != "client" and rng.random() < 0.4:
            e["accounts"] = account()

    # Supplies along the chain: each firm sells to 2-4 firms of the next segment, the big ones more.
    order = [s for s, _ in SEGMENTS]
    nxt = {"锂矿": ["锂盐"], "锂盐": ["正极材料", "电解液"], "正极材料": ["电芯"], "负极材料": ["电芯"], "电解液": ["电芯"],
           "隔膜": ["电芯"], "电芯": ["电池包"], "电池包": ["整车"], "整车": ["经销商"], "经销商": ["车队"], "车队": []}
    pairs = set()
    for seg in order:
        for k, s in enumerate(seg_members[seg]):
            for dseg in nxt[seg]:
                targets = seg_members[dseg]
                count = min(len(targets), (4 if k == 0 else rng.choice([2, 2, 3])))
                weights = [3.0 if j == 0 else 1.0 for j in range(len(targets))]
                chosen = set()
                while len(chosen) < count:
                    chosen.add(rng.choices(targets, weights)[0])
                for t in sorted(chosen):
                    pairs.add((s, t))
    # The core client buys from shared suppliers: every separator and electrolyte maker sells to it.
    core = ids["宁德新能电池有限公司"]
    for seg in ["隔膜", "电解液", "负极材料"]:
        for s in seg_members[seg][:3]:
            pairs.add((s, core))
    pairs.add((ids["湖南长岭正极材料有限公司"], core))
    pairs.add((ids["无锡先导智能装备有限公司"], core))
    pairs.add((ids["广东利元亨智能装备有限公司"], ids["常州中创储能电芯有限公司"]))
    pairs.add((ids["江西赣运物流有限公司"], ids["江西锂源新材料股份有限公司"]))
    pairs.add((ids["福建时代电池系统有限公司"], ids["湖南邦普循环科技有限公司"]))
    for s, t in sorted(pairs):
        vol = min(by_id[s]["size"], by_id[t]["size"]) * rng.uniform(0.02, 0.25)
        relations.append({"source": s, "target": t, "type": "supplies", "weight": int(vol // 10000 * 10000),
                          "date": "%d-%02d-01" % (rng.randrange(2016, 2025), rng.randrange(1, 13))})

    # Group: 江西锂源 owns the mine and the logistics firm; the car maker owns its sales company.
    def rel(s, t, type_, **kw):
        r = {"source": ids.get(s, s), "target": ids.get(t, t), "type": type_}
        r.update(kw)
        relations.append(r)
    rel("江西锂源新材料股份有限公司", "江西宜春云母锂矿有限公司", "owns", weight=0.51, date="2019-06-18")
    rel("江西锂源新材料股份有限公司", "江西赣运物流有限公司", "owns", weight=0.35, date="2021-03-02")
    rel("深圳驰远汽车有限公司", "深圳驰远汽车销售服务有限公司", "owns", weight=1, date="2017-09-01")
    rel("宁德新能电池有限公司", "福建时代电池系统有限公司", "owns", weight=0.7, date="2018-05-20")
    rel("宁德新能电池有限公司", "福建时代电池系统有限公司", "guarantees", weight=300000000, date="2024-01-15")

    # Institutions: introducers.
    institutions = [
        ("I001", "江西省锂电行业商会", "商会", "江西"), ("I002", "中国新能源汽车产业协会华东分会", "行业协会", "上海"),
        ("I003", "宁德市发展和改革委员会", "政府", "福建"), ("I004", "南昌市招商局", "政府", "江西"),
        ("I005", "深圳市市场监督管理局", "政府", "广东"), ("I006", "江西省融资担保集团有限公司", "融资担保", "江西"),
        ("I007", "鹏城财产保险股份有限公司深圳分公司", "保险", "广东"), ("I008", "赣江证券有限责任公司", "券商", "江西"),
        ("I009", "新能源产业投资基金（有限合伙）", "基金", "上海"), ("I010", "电池周刊杂志社", "媒体", "北京"),
        ("I011", "国家税务总局宁德市税务局", "政府", "福建"),
    ]
    for iid, name, ind, region in institutions:
        entities.append({"id": iid, "name": name, "kind": "institution", "status": "prospect", "industry": ind, "region": region})
        ids[name] = iid
    # Associations: members across the chain. Story 4: 贵州振华 is reachable only through the association.
    for s in ["江西赣源锂矿有限公司", "江西锂源新材料股份有限公司", "江西宜春云母锂矿有限公司", "江西紫宸碳素有限公司", "江西赣锋华锂化工有限公司", "四川天盛锂业有限公司"]:
        rel(s, "江西省锂电行业商会", "member_of")
    for s in ["宁德新能电池有限公司", "深圳驰远汽车有限公司", "合肥蔚来智能汽车有限公司", "贵州振华新材料有限公司", "常州中创储能电芯有限公司", "上海申程新能源汽车销售有限公司", "广州小鹏汽车科技有限公司"]:
        rel(s, "中国新能源汽车产业协会华东分会", "member_of")

    # People: executives. Story 5: the CFO of our core client sat with the chairman of the
    # other-bank cell maker on the association board.
    people = [
        ("P001", "陈立新", "宁德新能电池有限公司", "董事长"), ("P002", "林晓燕", "宁德新能电池有限公司", "财务总监"),
        ("P003", "周建国", "常州中创储能电芯有限公司", "董事长"), ("P004", "吴敏", "常州中创储能电芯有限公司", "财务总监"),
        ("P005", "黄志强", "江西锂源新材料股份有限公司", "总经理"), ("P006", "刘洋", "湖南长岭正极材料有限公司", "总经理"),
        ("P007", "张伟", "苏州华膜隔膜科技有限公司", "董事长"), ("P008", "王芳", "深圳驰远汽车有限公司", "财务总监"),
        ("P009", "李明", "深圳驰远汽车销售服务有限公司", "总经理"), ("P010", "赵静", "贵州振华新材料有限公司", "董事长"),
        ("P011", "孙浩", "广州天赐电解液有限公司", "采购总监"), ("P012", "郑丽", "合肥国科动力电池有限公司", "财务总监"),
        ("P013", "何军", "中国新能源汽车产业协会华东分会", "秘书长"), ("P014", "马超", "江西省锂电行业商会", "会长"),
        ("P015", "朱红", "江西省融资担保集团有限公司", "业务总监"), ("P016", "胡斌", "重庆长安新能源汽车有限公司", "采购总监"),
        ("P017", "郭涛", "江西赣源锂矿有限公司", "董事长"), ("P018", "罗娟", "四川天盛锂业有限公司", "财务总监"),
        ("P019", "梁宇", "广州小鹏汽车科技有限公司", "财务总监"), ("P020", "谢凯", "宁波容远新能源材料股份有限公司", "总经理"),
    ]
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金"
    given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "建华", "志明", "海燕", "晓东"]
    firm_names = [e["name"] for e in entities if e.get("kind") == "company"]
    used = {p[1] for p in people}
    k = len(people)
    while len(people) < 45:
        name = rng.choice(surnames) + rng.choice(given)
        if name in used:
            continue
        used.add(name)
        k += 1
        people.append(("P%03d" % k, name, rng.choice(firm_names), rng.choice(["董事长", "总经理", "财务总监", "采购总监"])))
    for pid, name, employer, role in people:
        entities.append({"id": pid, "name": name, "kind": "person", "status": "prospect", "region": by_id.get(ids[employer], {}).get("region", "")})
        ids[name] = pid
        rel(pid, employer, "works_at", role=role, date="%d-01-01" % rng.randrange(2010, 2023))
    for a, b, st in [("P002", "P004", 0.8), ("P001", "P003", ""), ("P003", "P013", 0.6), ("P001", "P013", 0.7), ("P010", "P013", 0.75),
                     ("P005", "P014", 0.8), ("P014", "P017", 0.9), ("P017", "P018", ""), ("P006", "P005", 0.5), ("P007", "P002", 0.4),
                     ("P008", "P009", 0.9), ("P015", "P005", 0.7), ("P011", "P002", ""), ("P012", "P015", 0.5), ("P016", "P009", ""),
                     ("P019", "P013", 0.5), ("P020", "P006", 0.6)]:
        rel(a, b, "knows", strength=st)
    extra = [p[0] for p in people[20:]]
    known = set()
    for pid in extra:
        for other in rng.sample([p[0] for p in people], 2):
            key = tuple(sorted((pid, other)))
            if other != pid and key not in known:
                known.add(key)
                rel(pid, other, "knows", strength=rng.choice(["", "", 0.4, 0.6, 0.8]))
    rel("I006", "江西锂源新材料股份有限公司", "guarantees", weight=80000000, date="2023-08-01")
    rel("I003", "P001", "knows", strength=0.6)

    # Referrals (who introduced whom to the bank). Cascade: 宁德新能 -> 福建时代 -> 福州闽运 ->
    # 上海申程 (pending). 江西锂源 was a great introducer in 2023 and has gone quiet since.
    refs = [
        ("I003", "宁德新能电池有限公司", "2019-04-10", "won"),
        ("宁德新能电池有限公司", "福建时代电池系统有限公司", "2020-02-18", "won"),
        ("福建时代电池系统有限公司", "福州闽运汽车销售有限公司", "2021-06-07", "won"),
        ("福州闽运汽车销售有限公司", "上海申程新能源汽车销售有限公司", "2022-03-15", "won"),
        ("上海申程新能源汽车销售有限公司", "上海城配新能源物流有限公司", "2023-05-20", "won"),
        ("上海城配新能源物流有限公司", "杭州西湖出行科技有限公司", "2025-09-01", "pending"),
        ("宁德新能电池有限公司", "常州中创储能电芯有限公司", "2025-10-12", "pending"),
        ("江西锂源新材料股份有限公司", "江西赣源锂矿有限公司", "2022-11-03", "won"),
        ("江西锂源新材料股份有限公司", "江西紫宸碳素有限公司", "2023-02-14", "won"),
        ("江西锂源新材料股份有限公司", "四川天盛锂业有限公司", "2023-06-30", "lost"),
        ("江西锂源新材料股份有限公司", "江西赣运物流有限公司", "2023-09-09", "won"),
        ("I004", "南昌赣新汽车贸易有限公司", "2021-08-16", "won"),
        ("I004", "江西江铃新能源汽车有限公司", "2022-01-20", "won"),
        ("I004", "南昌洪城出租汽车有限公司", "2022-07-05", "won"),
        ("I004", "江西宜春云母锂矿有限公司", "2024-03-28", "lost"),
        ("江西江铃新能源汽车有限公司", "南昌赣新汽车贸易有限公司", "2022-02-11", "won"),
        ("深圳驰远汽车销售服务有限公司", "深圳鹏城网约车运营有限公司", "2020-10-10", "won"),
        ("深圳鹏城网约车运营有限公司", "广州羊城物流配送有限公司", "2021-12-01", "won"),
        ("广州羊城物流配送有限公司", "广州骏驰汽车贸易有限公司", "2022-04-18", "won"),
        ("I006", "广东邦盛循环科技有限公司", "2024-06-06", "won"),
        ("I007", "深圳驰远汽车有限公司", "2025-04-01", "pending"),
        ("I002", "上海杉杉碳材料有限公司", "2023-03-03", "won"),
        ("上海杉杉碳材料有限公司", "杭州顺达新能源汽车销售有限公司", "2024-01-09", "won"),
        ("I010", "合肥国科动力电池有限公司", "2025-07-15", "lost"),
    ]
    for s, t, d, o in refs:
        rel(s, t, "refers", date=d, outcome=o)

    write(folder, "entities.csv", ["id", "name", "kind", "status", "industry", "region", "tier", "rm", "value", "size", "stage", "accounts", "founded"], entities)
    write(folder, "relations.csv", ["source", "target", "type", "weight", "strength", "date", "outcome", "role"], relations)
    return entities, relations, by_id, ids


def payments(entities, relations, by_id, ids):
    """Monthly payments from buyers to suppliers, plus the mess a real extract has."""
    folder = os.path.join(GRAPHS, "battery-chain")
    ours = "江南商业银行"
    others = ["中国工商银行", "中国建设银行", "招商银行", "兴业银行"]
    acct = {}
    bank = {}
    for e in entities:
        if e.get("kind") == "company":
            acct[e["id"]] = (e.get("accounts") or account()).split(";")[0]
            bank[e["id"]] = ours if e["status"] == "client" else rng.choice(others)
    rows = []
    tx = 0

    def pay(date, payer, payee, amount, memo, payer_name=None, payee_name=None, currency="CNY", payer_acct=None, payee_acct=None, payer_bank=None, payee_bank=None):
        nonlocal tx
        tx += 1
        rows.append({"date": date, "payer_account": payer_acct or acct.get(payer, ""), "payee_account": payee_acct or acct.get(payee, ""),
                     "payer_name": payer_name or by_id[payer]["name"], "payee_name": payee_name or by_id[payee]["name"],
                     "payer_bank": payer_bank or bank.get(payer, ""), "payee_bank": payee_bank or bank.get(payee, ""),
                     "amount": amount, "currency": currency, "memo": memo, "id": "TX%07d" % tx})

    def fmt_date(y, m, d):
        r = rng.random()
        if r < 0.8:
            return "%d-%02d-%02d" % (y, m, d)
        if r < 0.9:
            return "%d/%02d/%02d" % (y, m, d)
        return "%d%02d%02d" % (y, m, d)

    def fmt_amount(v):
        return "{:,.2f}".format(v) if rng.random() < 0.3 else "%.2f" % v

    supplies = [r for r in relations if r["type"] == "supplies"]
    clients = {e["id"] for e in entities if e["status"] == "client"}
    months = [(y, m) for y in (2024, 2025) for m in range(1, 13)]
    for r in supplies:
        s, t = r["source"], r["target"]
        if s not in clients and t not in clients:
            continue
        monthly = r["weight"] / 12
        active = months if rng.random() < 0.7 else rng.sample(months, rng.randrange(2, 8))
        for (y, m) in sorted(active):
            if rng.random() < 0.15:
                continue
            pay(fmt_date(y, m, rng.randrange(1, 28)), t, s, fmt_amount(monthly * rng.uniform(0.6, 1.4)), rng.choice(["货款", "采购款", "材料款", "电芯采购", ""]))
    # Counterparties not yet in the graph: new suppliers and customers of our clients, with the
    # variants a payment system writes (trailing space, (股份), full-width brackets, 有限责任公司, a branch).
    newcos = [
        ("江西赣锋锂业股份有限公司", ["江西赣锋锂业股份有限公司", "江西赣锋锂业股份有限公司 ", "江西赣锋锂业(股份)有限公司", "江西赣锋锂业（股份）有限公司"], ids["江西锂源新材料股份有限公司"], "in"),
        ("湖北宜化隔膜材料有限公司", ["湖北宜化隔膜材料有限公司", "湖北宜化隔膜材料有限责任公司"], ids["宁德新能电池有限公司"], "in"),
        ("苏州汇川电驱科技有限公司", ["苏州汇川电驱科技有限公司", "苏州汇川电驱科技有限公司上海分公司"], ids["福建时代电池系统有限公司"], "in"),
        ("厦门象屿新能源物流有限公司", ["厦门象屿新能源物流有限公司"], ids["福州闽运汽车销售有限公司"], "out"),
        ("贵阳黔运出行服务有限公司", ["贵阳黔运出行服务有限公司", "贵阳黔运出行服务有限公司 "], ids["深圳驰远汽车销售服务有限公司"], "out"),
    ]
    newco_account = {}
    for name, variants, client, direction in newcos:
        a = account()
        newco_account[name] = a
        other = rng.choice(others)
        for (y, m) in months:
            v = rng.choice(variants)
            amount = fmt_amount(rng.uniform(2e6, 9e6))
            if direction == "in":   # our client pays the new supplier
                pay(fmt_date(y, m, rng.randrange(1, 28)), client, client, amount, "货款", payee_name=v, payee_acct=a, payee_bank=other)
            else:                    # the new customer pays our client
                pay(fmt_date(y, m, rng.randrange(1, 28)), client, client, amount, "购车款", payer_name=v, payer_acct=a, payer_bank=other)
    core = ids["宁德新能电池有限公司"]
    # Not trade: payroll, taxes, social insurance, loans, refunds, own-account and group transfers,
    # individuals.
    for (y, m) in months:
        pay(fmt_date(y, m, 10), core, core, fmt_amount(rng.uniform(3e7, 4e7)), "代发工资", payee_name="宁德新能电池有限公司工资专户", payee_acct=account(), payee_bank=ours)
        pay(fmt_date(y, m, 15), core, core, fmt_amount(rng.uniform(1e7, 2e7)), "增值税", payee_name="国家金库宁德市中心支库", payee_acct="270101040000000", payee_bank="中国人民银行")
        pay(fmt_date(y, m, 20), core, core, fmt_amount(rng.uniform(4e6, 5e6)), "社保费", payee_name="宁德市社会保险事业管理中心", payee_acct="35001000000000000", payee_bank="中国建设银行")
        pay(fmt_date(y, m, 21), core, core, fmt_amount(8.5e6), "贷款利息", payee_name=ours, payee_acct="999900000000000001", payee_bank=ours)
        pay(fmt_date(y, m, 25), ids["江西锂源新材料股份有限公司"], ids["江西宜春云母锂矿有限公司"], fmt_amount(rng.uniform(1e6, 3e6)), "内部往来")
        pay(fmt_date(y, m, 26), core, core, fmt_amount(5e6), "资金归集", payee_acct=acct[core] + "1", payee_bank=ours)
        pay(fmt_date(y, m, 27), core, core, fmt_amount(rng.uniform(2e4, 9e4)), "报销", payee_name=rng.choice(["张伟", "王芳", "李娜"]), payee_acct=account(), payee_bank="中国银行")
    # Refunds and reversals.
    for k in range(6):
        r = rng.choice(supplies)
        pay("2025-%02d-%02d" % (k + 3, 9), r["source"], r["target"], "-%.2f" % rng.uniform(1e5, 1e6), "退款")
    pay("2025-06-30", core, core, "-1000000.00", "冲正", payee_name="湖北宜化隔膜材料有限公司", payee_acct=newco_account["湖北宜化隔膜材料有限公司"], payee_bank="招商银行")
    # USD trade.
    for (y, m) in months[::3]:
        pay(fmt_date(y, m, 5), core, ids["无锡先导智能装备有限公司"], "%.2f" % rng.uniform(2e5, 5e5), "设备进口", currency="USD")
    # Repeated transaction ids (exported twice).
    rows.extend(dict(rows[k]) for k in (10, 200, 400))
    # Bad rows.
    bad = [dict(rows[k]) for k in (50, 150, 250, 350, 450, 550, 650)]
    bad[0]["date"] = "2025-13-45"
    bad[1]["amount"] = "abc"
    bad[2]["payee_account"] = ""
    bad[3]["currency"] = "XYZ"
    bad[4]["date"] = ""
    bad[5]["amount"] = ""
    bad[6]["payer_name"] = ""
    for k, b in enumerate(bad):
        b["id"] = "BAD%03d" % k
    rows.extend(bad)
    rng.shuffle(rows)
    write(folder, "payments.csv", ["date", "payer_account", "payee_account", "payer_name", "payee_name", "payer_bank", "payee_bank", "amount", "currency", "memo", "id"], rows)


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
    e, r, by_id, ids = battery_chain()
    payments(e, r, by_id, ids)
    coffee()
