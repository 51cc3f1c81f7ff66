import Foundation

/// Writes a synthetic bank world in the data contract's CSV layout: several industry chains of five
/// to seven segments that share suppliers, heavy-tailed firm sizes and trade volumes, a share of
/// clients spread over RMs with books of a few hundred, other-bank and former clients, introducers
/// (guarantee companies, associations, government offices), executives with `works_at` and
/// `knows`, referral cascades with dates and outcomes, guarantees, an ownership layer of groups
/// (`OwnershipLayer`), and the day each client was won (`client_since`, see `ClientHistory`).
///
/// Deterministic: the same entity count and seed give byte-identical files. Streams its output,
/// so two million entities need no more memory than their per-entity numbers.
public struct WorldGenerator {
    public var entityCount: Int
    public var seed: UInt64
    /// Rows of `payments.csv` to write next to the graph (0: none). See `PaymentGenerator`.
    public var paymentCount: Int

    public init(entities: Int, seed: UInt64, payments: Int = 0) {
        entityCount = entities
        self.seed = seed
        paymentCount = payments
    }

    public struct Summary: Sendable {
        public var entities: Int
        public var relations: Int
        public var clients: Int
        public var rms: Int
        /// Rows written to payments.csv (0 when none were asked for).
        public var payments: Int = 0
    }

    /// Industry chains, upstream to downstream. Each company sits in one segment of one chain.
    static let chains: [(name: String, segments: [String])] = [
        ("新能源汽车", ["锂矿", "正极材料", "电芯", "电池包", "整车", "经销商", "车队"]),
        ("纺织服装", ["棉花种植", "纺纱", "织布", "印染", "成衣", "零售"]),
        ("食品饮料", ["农产品", "食品加工", "包装", "批发", "商超"]),
        ("建筑建材", ["矿石", "水泥", "预拌混凝土", "建筑施工", "房地产"]),
        ("消费电子", ["硅材料", "芯片", "元器件", "模组", "整机", "渠道", "门店"]),
        ("医药", ["原料药", "制剂", "医药流通", "医院", "药店"])
    ]
    static let regions = ["江西", "江苏", "浙江", "福建", "广东", "四川", "湖南", "湖北", "山东", "河南", "安徽", "青海"]
    static let syllables = Array("华瑞恒泰鑫源盛达宏通嘉禾远腾新联创凯润丰瀚博信诚安隆祥锦昌汇鼎晟宇辰光明德锐捷海川峰云启航")
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let givenNames = Array("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕鹏辉斌宇浩凯健俊帆帅旭宁晨")
    static let institutionKinds = ["融资担保有限公司", "行业协会", "商会", "发展和改革委员会", "招商局", "市场监督管理局", "保险公司", "证券有限公司", "产业基金", "日报社"]
    static let roles = ["董事长", "总经理", "财务总监", "采购总监", "销售总监"]

    /// Writes entities.csv and relations.csv into `folder`.
    /// - Complexity: O(n log n) time for n entities (size-weighted partner sampling); memory O(n).
    public func write(to folder: String) throws -> Summary {
        guard entityCount >= 100 else { throw RelmapError.usage("--entities must be at least 100") }
        guard paymentCount >= 0 else { throw RelmapError.usage("--payments must not be negative") }
        try OutputFile.prepareFolder(folder)
        var rng = SplitMix64(seed: seed)
        let n = entityCount
        let institutions = max(20, n / 200)
        let persons = n * 14 / 100
        let companies = n - institutions - persons

        // Companies: chain, segment (downstream segments hold more firms), lognormal size.
        var chainOf = [UInt8](repeating: 0, count: companies)
        var segmentOf = [UInt8](repeating: 0, count: companies)
        var size = [Double](repeating: 0, count: companies)
        var members: [[[Int32]]] = WorldGenerator.chains.map { Array(repeating: [], count: $0.segments.count) }
        for c in 0..<companies {
            let chain = Int(rng.next() % UInt64(WorldGenerator.chains.count))
            let k = WorldGenerator.chains[chain].segments.count
            // Weight segment s by (s + 1): fewer miners than dealers.
            let total = k * (k + 1) / 2
            var pick = Int(rng.next() % UInt64(total)), s = 0
            while pick >= s + 1 {
                pick -= s + 1
                s += 1
            }
            chainOf[c] = UInt8(chain)
            segmentOf[c] = UInt8(s)
            // Upstream firms are bigger on average; lognormal spread gives a heavy tail.
            size[c] = exp(18.5 + Double(k - s) * 0.3 + 1.6 * rng.normal())
            members[chain][s].append(Int32(c))
        }
        // Size-weighted sampling per segment: cumulative sums, binary search.
        let cumulative: [[[Double]]] = members.map { chain in
            chain.map { seg in
                var acc = 0.0
                return seg.map {
                    acc += size[Int($0)]
                    return acc
                }
            }
        }
        func sample(_ chain: Int, _ seg: Int, _ rng: inout SplitMix64) -> Int? {
            let cum = cumulative[chain][seg]
            guard let last = cum.last else { return nil }
            let x = rng.uniform() * last
            var lo = 0, hi = cum.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cum[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            return Int(members[chain][seg][lo])
        }

        // Status: bigger firms are likelier clients; 5-15 % of companies overall.
        var status = [EntityStatus](repeating: .prospect, count: companies)
        var clientCount = 0
        for c in 0..<companies {
            let r = rng.uniform()
            let clientChance = min(0.35, 0.04 + 0.02 * max(0, log(size[c]) - 17))
            if r < clientChance {
                status[c] = .client
                clientCount += 1
            } else if r < clientChance + 0.15 {
                status[c] = .otherBank
            } else if r < clientChance + 0.18 {
                status[c] = .former
            }
        }
        let rmCount = max(1, (clientCount + 299) / 300)

        let entitiesPath = (folder as NSString).appendingPathComponent("entities.csv")
        let relationsPath = (folder as NSString).appendingPathComponent("relations.csv")
        // Entity rows wait in memory for their client_since, which the relations decide
        // (`ClientHistory`): `sinceAt` marks where each client's or former client's date goes.
        var e = EntityLines()
        var r = try BufferedWriter(path: relationsPath)
        e.write("id,name,kind,status,industry,region,tier,rm,value,size,stage,client_since,accounts\n")
        r.write("source,target,type,weight,strength,date,outcome,role\n")
        func id(_ i: Int) -> String { "E" + zeroPadded(UInt64(i + 1), 7) }
        var regionOf = [UInt8](repeating: 0, count: n)
        // What payments.csv needs, kept only when it is asked for: names, accounts, trade ties.
        let wantPayments = paymentCount > 0
        var payers = PaymentWorld(companies: wantPayments ? companies : 0)
        if wantPayments {
            payers.chainOf = chainOf
            payers.segmentOf = segmentOf
            payers.status = status
        }

        // Entities: companies, then persons, then institutions.
        for c in 0..<companies {
            let chain = Int(chainOf[c]), seg = Int(segmentOf[c])
            let region = Int(rng.next() % UInt64(WorldGenerator.regions.count))
            regionOf[c] = UInt8(region)
            let s1 = Int(rng.next() % UInt64(WorldGenerator.syllables.count))
            let s2 = Int(rng.next() % UInt64(WorldGenerator.syllables.count))
            let brand = String([WorldGenerator.syllables[s1], WorldGenerator.syllables[s2]])
            let segment = WorldGenerator.chains[chain].segments[seg]
            let joint = rng.uniform() < 0.2
            let name = WorldGenerator.regions[region] + brand + segment + (joint ? "股份有限公司" : "有限公司")
            if wantPayments { payers.nameParts[c] = PaymentWorld.NameParts(region: UInt8(region), brand: (UInt8(s1), UInt8(s2)), joint: joint) }
            var line = "\(id(c)),\(name),company,\(status[c].name),\(segment),\(WorldGenerator.regions[region]),"
            if status[c] == .client {
                let value = (size[c] * 0.0004 * (0.5 + rng.uniform())).rounded()
                let tier = value > 5e6 ? 1 : value > 1e6 ? 2 : value > 2e5 ? 3 : 4
                line += "\(tier),RM\(zeroPadded(rng.next() % UInt64(rmCount) + 1, 4)),\(Int64(value)),"
            } else {
                line += ",,,"
            }
            let stage = status[c] == .client ? Int(rng.next() % 5) + 2 : (rng.uniform() < 0.3 ? 1 : 0)
            let account = rng.next() % 100_000_000_000_000_000
            if wantPayments { payers.accounts[c] = account }
            line += "\(Int64(size[c].rounded())),\(stage == 0 ? "" : String(stage)),"
            e.write(line)
            if status[c] == .client || status[c] == .former { e.markDate(for: c) }
            e.write(",62\(zeroPadded(account, 17))\n")
        }
        for p in 0..<persons {
            let i = companies + p
            let name =
                String(WorldGenerator.surnames[Int(rng.next() % UInt64(WorldGenerator.surnames.count))])
                + String(WorldGenerator.givenNames[Int(rng.next() % UInt64(WorldGenerator.givenNames.count))])
                + (rng.uniform() < 0.5 ? String(WorldGenerator.givenNames[Int(rng.next() % UInt64(WorldGenerator.givenNames.count))]) : "")
            let region = Int(rng.next() % UInt64(WorldGenerator.regions.count))
            regionOf[i] = UInt8(region)
            e.write("\(id(i)),\(name),person,prospect,,\(WorldGenerator.regions[region]),,,,,,,\n")
        }
        for k in 0..<institutions {
            let i = companies + persons + k
            let region = k % WorldGenerator.regions.count
            regionOf[i] = UInt8(region)
            let kind = WorldGenerator.institutionKinds[k % WorldGenerator.institutionKinds.count]
            let chain = WorldGenerator.chains[k % WorldGenerator.chains.count].name
            let name =
                WorldGenerator.regions[region] + (kind.hasSuffix("协会") || kind.hasSuffix("商会") ? chain : "")
                + "第\(k / WorldGenerator.institutionKinds.count + 1)" + kind
            e.write("\(id(i)),\(name),institution,prospect,\(kind),\(WorldGenerator.regions[region]),,,,,,,\n")
        }

        var relationCount = 0
        // Pairs already related by a non-supplies type, so that the world has no duplicates.
        var related = Set<UInt64>()
        func fresh(_ a: Int, _ b: Int, _ type: RelationType) -> Bool {
            let (x, y) = type.isSymmetric ? (min(a, b), max(a, b)) : (a, b)
            return a != b && related.insert(UInt64(x) << 34 | UInt64(y) << 3 | UInt64(type.rawValue)).inserted
        }
        func day(_ rng: inout SplitMix64) -> Day {
            Day(daysSince1970: Int32(17_897 + Int(rng.next() % 2_700)))  // 2019-01-01 .. 2026-05
        }
        func date(_ rng: inout SplitMix64) -> String { isoDate(day(&rng)) }
        // Supplies: each company sells to a few size-weighted customers in the next segment,
        // sometimes in another chain (shared suppliers).
        var seen = Set<UInt64>()
        var clientTies: [(UInt32, UInt32, Int32)] = []
        var referralWins: [Int: Int32] = [:]
        for c in 0..<companies {
            let chain = Int(chainOf[c]), seg = Int(segmentOf[c])
            guard seg + 1 < WorldGenerator.chains[chain].segments.count else { continue }
            let partners = 1 + Int(rng.exponential(mean: 5.6 + 0.5 * max(0, log(size[c]) - 18)))
            seen.removeAll(keepingCapacity: true)
            for _ in 0..<partners {
                var targetChain = chain, targetSeg = seg + 1
                if rng.uniform() < 0.1 {
                    targetChain = Int(rng.next() % UInt64(WorldGenerator.chains.count))
                    targetSeg = min(seg + 1, WorldGenerator.chains[targetChain].segments.count - 1)
                }
                guard let t = sample(targetChain, targetSeg, &rng), t != c, seen.insert(UInt64(t)).inserted else { continue }
                let volume = (min(size[c], size[t]) * (0.005 + 0.1 * rng.uniform() * rng.uniform())).rounded()
                let since = day(&rng)
                r.write("\(id(c)),\(id(t)),supplies,\(Int64(volume)),,\(isoDate(since)),,\n")
                relationCount += 1
                if status[c] == .client && status[t] == .client { clientTies.append((UInt32(c), UInt32(t), since.daysSince1970)) }
                // The bank sees a trade flow when either side banks with it.
                if wantPayments && (status[c] == .client || status[t] == .client) {
                    payers.trades.append(.init(supplier: UInt32(c), buyer: UInt32(t), volume: volume))
                }
            }
        }
        // Group structure: some large firms own subsidiaries and guarantee their loans. A firm
        // holds only smaller firms (so these holdings never loop) and never more than the capital
        // left (so no company's holders add up to more than 100 %).
        var held = [Double](repeating: 0, count: companies)
        for c in 0..<companies where size[c] > 4e9 && rng.uniform() < 0.3 {
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let t = Int(rng.next() % UInt64(companies))
                guard size[t] < size[c], fresh(c, t, .owns) else { continue }
                let share = min(((0.2 + 0.8 * rng.uniform()) * 100).rounded() / 100, ((1 - held[t]) * 100).rounded(.down) / 100)
                guard share >= 0.01 else { continue }
                held[t] += share
                r.write("\(id(c)),\(id(t)),owns,\(min(1, share)),,\(date(&rng)),,\n")
                relationCount += 1
                if wantPayments && status[c] == .client { payers.groups.append((UInt32(c), UInt32(t))) }
                if rng.uniform() < 0.4 {
                    r.write("\(id(c)),\(id(t)),guarantees,\(Int64((size[t] * 0.05).rounded())),,\(date(&rng)),,\n")
                    relationCount += 1
                }
            }
        }
        // People: each works at one company and knows a few others.
        for p in 0..<persons {
            let i = companies + p
            let employer = Int(rng.next() % UInt64(companies))
            let role = WorldGenerator.roles[Int(rng.next() % UInt64(WorldGenerator.roles.count))]
            r.write("\(id(i)),\(id(employer)),works_at,,,,,\(role)\n")
            relationCount += 1
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let other = companies + Int(rng.next() % UInt64(persons))
                guard fresh(i, other, .knows) else { continue }
                let strength = rng.uniform() < 0.3 ? String(format: "%.2f", 0.2 + 0.75 * rng.uniform()) : ""
                r.write("\(id(i)),\(id(other)),knows,,\(strength),,,\n")
                relationCount += 1
            }
        }
        // Introducers: institutions have members and know people.
        for k in 0..<institutions {
            let i = companies + persons + k
            for _ in 0..<max(5, companies / institutions / 3) {
                let member = Int(rng.next() % UInt64(companies))
                guard fresh(member, i, .memberOf) else { continue }
                r.write("\(id(member)),\(id(i)),member_of,,,,,\n")
                relationCount += 1
            }
            for _ in 0..<5 {
                let person = companies + Int(rng.next() % UInt64(persons))
                guard fresh(i, person, .knows) else { continue }
                r.write("\(id(i)),\(id(person)),knows,,,,,\n")
                relationCount += 1
            }
        }
        // Referral cascades: some clients and institutions introduce firms, which introduce others.
        let outcomes = ["won", "won", "pending", "lost"]
        for c in 0..<companies where status[c] == .client && rng.uniform() < 0.15 {
            var introducer = c
            var day = Int32(17_897 + Int(rng.next() % 1_800))
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let t = Int(rng.next() % UInt64(companies))
                guard fresh(introducer, t, .refers) else { break }
                let outcome = status[t] == .client ? "won" : outcomes[1 + Int(rng.next() % 3)]
                r.write("\(id(introducer)),\(id(t)),refers,,,\(isoDate(Day(daysSince1970: day))),\(outcome),\n")
                relationCount += 1
                guard outcome == "won" else { break }
                if referralWins[t] == nil { referralWins[t] = day }
                introducer = t
                day += Int32(30 + rng.next() % 400)
            }
        }
        for k in 0..<institutions where rng.uniform() < 0.5 {
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let t = Int(rng.next() % UInt64(companies))
                guard fresh(companies + persons + k, t, .refers) else { continue }
                let outcome = status[t] == .client ? "won" : outcomes[1 + Int(rng.next() % 3)]
                let day = date(&rng)
                r.write("\(id(companies + persons + k)),\(id(t)),refers,,,\(day),\(outcome),\n")
                if outcome == "won", referralWins[t] == nil, let d = ValueParsing.parseDay(day) { referralWins[t] = d.daysSince1970 }
                relationCount += 1
            }
        }
        // Groups: holding companies over chains of subsidiaries, persons at the top.
        var layer = OwnershipLayer(held: held, persons: companies..<(companies + persons), seed: seed)
        relationCount += layer.write { a, b, share in
            r.write("\(id(a)),\(id(b)),owns,\(share),,,,\n")
        }
        try r.close()
        let since = ClientHistory.clientSince(status: status, ties: clientTies, referralWins: referralWins, seed: seed)
        try e.write(to: entitiesPath) { isoDate(Day(daysSince1970: since[$0])) }
        var summary = Summary(entities: n, relations: relationCount, clients: clientCount, rms: rmCount)
        if wantPayments {
            let paymentsPath = (folder as NSString).appendingPathComponent("payments.csv")
            summary.payments = try PaymentGenerator(world: payers, rows: paymentCount, seed: seed).write(to: paymentsPath)
        }
        return summary
    }
}

/// `v` in decimal, left-padded with zeros to `width` digits: what `String(format: "%0*llu")`
/// gives, without Foundation's formatter, which dominated the time of writing a million entities.
func zeroPadded(_ v: UInt64, _ width: Int) -> String {
    var bytes = [UInt8](repeating: 48, count: 20)
    var x = v, k = 20
    repeat {
        k -= 1
        bytes[k] = UInt8(x % 10) + 48
        x /= 10
    } while x > 0
    return String(decoding: bytes[min(k, 20 - width)...], as: UTF8.self)
}

/// `YYYY-MM-DD`, as `Day.description`, for four-digit years.
func isoDate(_ day: Day) -> String {
    let (y, m, d) = day.civil
    return zeroPadded(UInt64(y), 4) + "-" + zeroPadded(UInt64(m), 2) + "-" + zeroPadded(UInt64(d), 2)
}

/// A deterministic 64-bit generator (Steele, Lea and Flood's SplitMix64): small, fast, and the
/// same sequence on every platform, which the system generator does not promise.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal (Box-Muller).
    public mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double { -mean * log(max(1 - uniform(), 1e-300)) }
}

/// The rows of entities.csv, held until each client's `client_since` is known.
struct EntityLines {
    private var bytes: [UInt8] = []
    /// (byte offset, company) where a date is inserted.
    private var dates: [(offset: Int, company: Int)] = []

    mutating func write(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func markDate(for company: Int) { dates.append((bytes.count, company)) }

    func write(to path: String, date: (Int) -> String) throws {
        var out = try BufferedWriter(path: path)
        var from = 0
        for (offset, company) in dates {
            out.write(bytes: Array(bytes[from..<offset]))
            out.write(date(company))
            from = offset
        }
        out.write(bytes: Array(bytes[from...]))
        try out.close()
    }
}

/// Appends UTF-8 text to a file through `OutputFile` (the `--out` rules, atomic replacement).
/// The generator's loops write without `try`: the first write error is kept, later writes are
/// dropped, and `close()` throws it, as C's `ferror` does.
struct BufferedWriter {
    private let file: OutputFile
    private var failure: Error?

    init(path: String) throws {
        file = try OutputFile(path)
    }

    mutating func write(_ s: String) {
        guard failure == nil else { return }
        do { try file.write(s.utf8) } catch { failure = error }
    }

    mutating func write(bytes: [UInt8]) {
        guard failure == nil else { return }
        do { try file.write(bytes) } catch { failure = error }
    }

    mutating func close() throws {
        if let failure { throw failure }
        try file.finish()
    }
}
