import Foundation

/// What `payments.csv` needs from a generated world: each company's name parts and account, its
/// status, the trade ties the bank can see (one side is a client) and the client groups.
struct PaymentWorld {
    struct NameParts {
        var region: UInt8
        var brand: (UInt8, UInt8)
        var joint: Bool  // 股份有限公司 rather than 有限公司
    }
    struct Trade {
        var supplier: UInt32  // >= companies: a counterparty that is not in entities.csv
        var buyer: UInt32
        var volume: Double  // yearly
    }
    var nameParts: [NameParts]
    var accounts: [UInt64]  // the 17 digits after "62"
    var chainOf: [UInt8] = []
    var segmentOf: [UInt8] = []
    var status: [EntityStatus] = []
    var trades: [Trade] = []
    var groups: [(owner: UInt32, owned: UInt32)] = []

    init(companies: Int) {
        nameParts = Array(repeating: NameParts(region: 0, brand: (0, 0), joint: false), count: companies)
        accounts = Array(repeating: 0, count: companies)
    }
}

/// Writes `payments.csv` (the format of `relmap mine`) for a generated world: two years
/// (2024-2025) of monthly payments from buyer to supplier along the `supplies` ties the bank can
/// see, with amounts around a twelfth of the yearly volume, plus what a real export also holds:
/// trade with counterparties the CRM does not know yet, payroll to individuals, taxes, social
/// insurance and housing fund, loan interest and principal, refunds, reversals (negative amounts),
/// transfers inside client groups, a few foreign-currency rows, name variants of the same account
/// holder (trailing spaces, 有限责任公司, (股份) and full-width brackets, stray spaces) and a few
/// repeated transaction ids.
///
/// Exactly `rows` data rows; deterministic by seed; streamed through a byte buffer, so ten million
/// rows need no more memory than the world's per-company numbers.
struct PaymentGenerator {
    static let ourBank = "江南商业银行"
    static let otherBanks = ["中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行", "招商银行", "兴业银行", "中信银行", "浦发银行", "平安银行"]
    static let tradeMemos = ["货款", "采购款", "材料款", "预付货款", "加工费", "设备款", "支付货款", "结算款"]
    static let taxMemos = ["增值税", "企业所得税", "印花税", "城建税"]
    static let months = 24  // 2024-01 .. 2025-12

    let world: PaymentWorld
    let rows: Int
    let seed: UInt64

    init(world: PaymentWorld, rows: Int, seed: UInt64) {
        self.world = world
        self.rows = rows
        self.seed = seed
    }

    /// - Returns: the number of data rows written (always `rows`).
    /// - Complexity: O(rows + 24 * ties) time; memory O(ties) beyond the world.
    func write(to path: String) throws -> Int {
        let companies = world.accounts.count
        let clients = (0..<companies).filter { world.status[$0] == .client }
        guard !clients.isEmpty else {
            throw RelmapError.usage("the generated world has no clients, so the bank sees no payments; use more --entities")
        }
        // A separate stream, so asking for payments leaves entities.csv and relations.csv unchanged.
        var rng = SplitMix64(seed: seed ^ 0x5041_594D_454E_5453)
        var trades = world.trades

        // Counterparties the CRM does not hold yet: a client's further suppliers and customers,
        // peers in the segment of one of its known partners. Mining should create them.
        var virtual: [(parts: PaymentWorld.NameParts, segment: Int, account: UInt64)] = []
        let knownTrades = trades.count
        for _ in 0..<(knownTrades / 8) {
            let t = trades[Int(rng.next() % UInt64(knownTrades))]
            let supplierIsClient = world.status[Int(t.supplier)] == .client
            let other = Int(supplierIsClient ? t.buyer : t.supplier)
            let parts = PaymentWorld.NameParts(
                region: UInt8(rng.next() % UInt64(WorldGenerator.regions.count)),
                brand: (
                    UInt8(rng.next() % UInt64(WorldGenerator.syllables.count)),
                    UInt8(rng.next() % UInt64(WorldGenerator.syllables.count))
                ),
                joint: rng.uniform() < 0.15)
            virtual.append((parts, segmentIndex(other), rng.next() % 100_000_000_000_000_000))
            let v = UInt32(companies + virtual.count - 1)
            let volume = (t.volume * exp(0.8 * rng.normal()) * 0.5).rounded()
            trades.append(
                supplierIsClient
                    ? .init(supplier: t.supplier, buyer: v, volume: volume)
                    : .init(supplier: v, buyer: t.buyer, volume: volume))
        }

        // Each tie pays over a run of months: most steadily for 6 to 24 months, some only once or twice.
        var start = [UInt8](repeating: 0, count: trades.count), length = [UInt8](repeating: 0, count: trades.count)
        var slots = 0
        for e in trades.indices {
            let s = Int(rng.next() % UInt64(Self.months))
            let wanted = rng.uniform() < 0.8 ? 6 + Int(rng.next() % 19) : 1 + Int(rng.next() % 2)
            start[e] = UInt8(s)
            length[e] = UInt8(min(wanted, Self.months - s))
            slots += Int(length[e])
        }
        let nonTrade = slots == 0 ? rows : rows * 12 / 100
        let trade = rows - nonTrade
        // Each (month, tie) slot gets this many rows on average; amounts scale so that a tie's
        // payments over a year add up to about its yearly volume whatever the row count.
        let rowsPerSlot = slots == 0 ? 1 : max(Double(trade) / Double(slots), 1e-9)

        let names = NameBytes()
        var out = try BufferedWriter(path: path)
        out.write("date,payer_account,payee_account,payer_name,payee_name,payer_bank,payee_bank,amount,currency,memo,id\n")
        var written = 0, slot = 0
        var last: [UInt8] = []  // the previous row, repeated now and then as a duplicate id

        func party(_ x: Int, _ rng: inout SplitMix64) -> Party {
            if x < companies {
                let p = world.nameParts[x]
                let variant = rng.uniform() < 0.06 ? 1 + Int(rng.next() % 4) : 0
                return Party(
                    account: world.accounts[x], accountPrefix: 62,
                    name: names.company(p, segment: segmentIndex(x), variant: variant),
                    bank: world.status[x] == .client ? names.ourBank(p.region) : names.otherBank(world.accounts[x]))
            }
            let v = virtual[x - companies]
            return Party(
                account: v.account, accountPrefix: 62, name: names.company(v.parts, segment: v.segment, variant: 0),
                bank: names.otherBank(v.account))
        }

        for month in 0..<Self.months {
            let year = 2024 + month / 12, monthOfYear = month % 12 + 1
            // Trade rows: slot k of the (month, tie) grid gets its even share of `trade`, so the
            // total is exact.
            for e in trades.indices where Int(start[e]) <= month && month < Int(start[e]) + Int(length[e]) {
                let count = (slot + 1) * trade / slots - slot * trade / slots
                slot += 1
                guard count > 0 else { continue }
                let t = trades[e]
                let payer = party(Int(t.buyer), &rng), payee = party(Int(t.supplier), &rng)
                for _ in 0..<count {
                    written += 1
                    if !last.isEmpty && rng.uniform() < 0.0005 {
                        out.write(bytes: last)
                        continue
                    }
                    let foreign = rng.uniform() < 0.005
                    let amount = t.volume / 12 / rowsPerSlot * (0.6 + 0.8 * rng.uniform()) / (foreign ? 7.1 : 1)
                    let memo = rng.uniform() < 0.1 ? "" : Self.tradeMemos[Int(rng.next() % UInt64(Self.tradeMemos.count))]
                    last = row(
                        year, monthOfYear, 1 + Int(rng.next() % 28), payer, payee, cents: cents(amount),
                        currency: foreign ? "USD" : "CNY", memo: memo, id: written)
                    out.write(bytes: last)
                }
            }
            // Non-trade rows, spread evenly over the months.
            let here = (month + 1) * nonTrade / Self.months - month * nonTrade / Self.months
            for _ in 0..<here {
                written += 1
                let client = clients[Int(rng.next() % UInt64(clients.count))]
                let day = 1 + Int(rng.next() % 28)
                let me = party(client, &rng)
                let region = world.nameParts[client].region
                let pick = rng.uniform()
                let line: [UInt8]
                if pick < 0.12, !trades.isEmpty {
                    // A supplier refunds its buyer, or a payment is reversed (negative amount).
                    let t = trades[Int(rng.next() % UInt64(trades.count))]
                    let reversal = rng.uniform() < 0.4
                    let amount = t.volume / 12 * (0.05 + 0.5 * rng.uniform())
                    line =
                        reversal
                        ? row(
                            year, monthOfYear, day, party(Int(t.buyer), &rng), party(Int(t.supplier), &rng), cents: -cents(amount), currency: "CNY",
                            memo: "冲正", id: written)
                        : row(
                            year, monthOfYear, day, party(Int(t.supplier), &rng), party(Int(t.buyer), &rng), cents: cents(amount), currency: "CNY",
                            memo: rng.uniform() < 0.5 ? "退款" : "货款退回", id: written)
                } else if pick < 0.17, !world.groups.isEmpty {
                    let g = world.groups[Int(rng.next() % UInt64(world.groups.count))]
                    line = row(
                        year, monthOfYear, day, party(Int(g.owner), &rng), party(Int(g.owned), &rng),
                        cents: cents(exp(14 + 1.5 * rng.normal())), currency: "CNY", memo: rng.uniform() < 0.5 ? "资金归集" : "往来款", id: written)
                } else if pick < 0.50 {
                    // Payroll to an employee's personal account at our bank.
                    let employee = UInt64(client) &* 64 &+ rng.next() % 40
                    let person = Party(
                        account: mix(employee) % 100_000_000_000_000_000, accountPrefix: 62,
                        name: names.person(mix(employee ^ 0xABCD)), bank: names.ourBank(region))
                    line = row(
                        year, monthOfYear, day, me, person, cents: cents(6_000 * exp(0.6 * rng.normal())), currency: "CNY",
                        memo: rng.uniform() < 0.5 ? "代发工资" : "工资", id: written)
                } else if pick < 0.68 {
                    let office = Party(
                        account: 27_000_000 + UInt64(region), accountPrefix: 27, name: names.treasury(region), bank: Array("国家金库".utf8))
                    line = row(
                        year, monthOfYear, day, me, office, cents: cents(exp(11.5 + 1.5 * rng.normal())), currency: "CNY",
                        memo: Self.taxMemos[Int(rng.next() % UInt64(Self.taxMemos.count))], id: written)
                } else if pick < 0.80 {
                    let housing = rng.uniform() < 0.4
                    let office = Party(
                        account: 28_000_000 + UInt64(region) * 2 + (housing ? 1 : 0), accountPrefix: 28,
                        name: names.socialOffice(region, housing: housing), bank: names.ourBank(region))
                    line = row(
                        year, monthOfYear, day, me, office, cents: cents(exp(11 + 1.2 * rng.normal())), currency: "CNY",
                        memo: housing ? "住房公积金" : "社保费", id: written)
                } else {
                    let interest = rng.uniform() < 0.75
                    let lender = Party(
                        account: 9_000_000 + UInt64(region), accountPrefix: 29, name: names.loanAccount(region), bank: names.ourBank(region))
                    line = row(
                        year, monthOfYear, day, me, lender, cents: cents(exp(interest ? 11 : 14) * exp(1.2 * rng.normal())), currency: "CNY",
                        memo: interest ? "贷款利息" : "归还贷款本金", id: written)
                }
                out.write(bytes: line)
            }
        }
        try out.close()
        return written
    }

    func segmentIndex(_ company: Int) -> Int {
        var flat = 0
        for c in 0..<Int(world.chainOf[company]) { flat += WorldGenerator.chains[c].segments.count }
        return flat + Int(world.segmentOf[company])
    }
}

/// One side of a payment, its text already encoded.
struct Party {
    var account: UInt64
    var accountPrefix: UInt64
    var name: [UInt8]
    var bank: [UInt8]
}

private func cents(_ amount: Double) -> Int64 { max(1, Int64((amount * 100).rounded())) }

/// A stateless 64-bit mix (SplitMix64's finaliser): the same input gives the same "random" value,
/// so an employee or another bank stays the same across rows without a table.
private func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// One CSV row as bytes. Names hold no commas or quotes, so no field needs quoting.
private func row(
    _ year: Int, _ month: Int, _ day: Int, _ payer: Party, _ payee: Party, cents: Int64,
    currency: String, memo: String, id: Int
) -> [UInt8] {
    var b: [UInt8] = []
    b.reserveCapacity(256)
    func digits(_ v: UInt64, _ width: Int) {
        var tmp: [UInt8] = [], x = v
        repeat {
            tmp.append(UInt8(x % 10) + 48)
            x /= 10
        } while x > 0
        while tmp.count < width { tmp.append(48) }
        b.append(contentsOf: tmp.reversed())
    }
    let comma: UInt8 = 44
    digits(UInt64(year), 4)
    b.append(45)
    digits(UInt64(month), 2)
    b.append(45)
    digits(UInt64(day), 2)
    b.append(comma)
    digits(payer.accountPrefix, 1)
    digits(payer.account, payer.accountPrefix == 62 ? 17 : 1)
    b.append(comma)
    digits(payee.accountPrefix, 1)
    digits(payee.account, payee.accountPrefix == 62 ? 17 : 1)
    b.append(comma)
    b.append(contentsOf: payer.name)
    b.append(comma)
    b.append(contentsOf: payee.name)
    b.append(comma)
    b.append(contentsOf: payer.bank)
    b.append(comma)
    b.append(contentsOf: payee.bank)
    b.append(comma)
    if cents < 0 { b.append(45) }
    digits(cents.magnitude / 100, 1)
    b.append(46)
    digits(cents.magnitude % 100, 2)
    b.append(comma)
    b.append(contentsOf: currency.utf8)
    b.append(comma)
    b.append(contentsOf: memo.utf8)
    b.append(comma)
    b.append(contentsOf: "JN".utf8)
    digits(UInt64(id), 10)
    b.append(10)
    return b
}

/// The text pieces of names and banks, encoded once.
private struct NameBytes {
    let regions = WorldGenerator.regions.map { Array($0.utf8) }
    let syllables = WorldGenerator.syllables.map { Array(String($0).utf8) }
    let segments = WorldGenerator.chains.flatMap { $0.segments.map { Array($0.utf8) } }
    let surnames = WorldGenerator.surnames.map { Array(String($0).utf8) }
    let given = WorldGenerator.givenNames.map { Array(String($0).utf8) }
    let otherBanks = PaymentGenerator.otherBanks.map { Array($0.utf8) }
    let our = Array(PaymentGenerator.ourBank.utf8)

    /// The registered name (variant 0), or one of the ways payment systems write it.
    func company(_ p: PaymentWorld.NameParts, segment: Int, variant: Int) -> [UInt8] {
        var b = regions[Int(p.region)]
        if variant == 4 { b.append(32) }  // stray space
        b += syllables[Int(p.brand.0)] + syllables[Int(p.brand.1)] + segments[segment]
        switch (variant, p.joint) {
        case (2, true): b += Array("(股份)有限公司".utf8)
        case (3, true): b += Array("（股份）有限公司".utf8)
        case (2, false), (3, false): b += Array("有限责任公司".utf8)
        case (_, true): b += Array("股份有限公司".utf8)
        case (_, false): b += Array("有限公司".utf8)
        }
        if variant == 1 { b.append(32) }  // trailing space
        return b
    }

    func ourBank(_ region: UInt8) -> [UInt8] { our + regions[Int(region)] + Array("分行".utf8) }
    func otherBank(_ account: UInt64) -> [UInt8] { otherBanks[Int(mix(account) % UInt64(otherBanks.count))] }
    func person(_ h: UInt64) -> [UInt8] {
        surnames[Int(h % UInt64(surnames.count))] + given[Int((h >> 16) % UInt64(given.count))]
            + ((h >> 32) & 1 == 0 ? given[Int((h >> 40) % UInt64(given.count))] : [])
    }
    func treasury(_ region: UInt8) -> [UInt8] { Array("国家金库".utf8) + regions[Int(region)] + Array("省分库".utf8) }
    func socialOffice(_ region: UInt8, housing: Bool) -> [UInt8] {
        regions[Int(region)] + Array((housing ? "住房公积金管理中心" : "社会保险事业管理局").utf8)
    }
    func loanAccount(_ region: UInt8) -> [UInt8] { our + regions[Int(region)] + Array("分行贷款核算户".utf8) }
}
