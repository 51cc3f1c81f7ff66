import Foundation
import Testing

@testable import RelmapCore

/// The payments reader cuts big files into one range per core; these tests cut a small file into
/// many ranges (cuts inside multi-line quoted fields included) and check that every figure, line
/// number and numbering is the one a single sequential pass gives.
@Suite("Payment reader parts")
struct PaymentReaderPartsTests {
    /// A file with everything order-sensitive: ids repeated far apart (the first wins), rejected
    /// rows, reversals, memo exclusions, another currency, blank lines, CRLF, quoted fields with
    /// line breaks and doubled quotes, and name variants of one account. Amounts carry cents, so
    /// that floating-point sums would depend on where the file is cut (the reader sums cents).
    static func sample(rows: Int = 3000) -> String {
        var lines = ["id,date,payer_account,payer_name,payer_bank,payee_account,payee_name,payee_bank,amount,currency,memo"]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return Int(x % 1_000_000)
        }
        for r in 0..<rows {
            let c = next() % 30, p = next() % 200, month = next() % 12 + 1, day = next() % 28 + 1
            let id = r % 97 == 50 ? "T\(r / 3)" : "T\(r)"  // repeats of earlier ids
            let date = r % 211 == 7 ? "2025-13-40" : String(format: "2025-%02d-%02d", month, day)
            let amount = r % 173 == 3 ? "12x" : r % 41 == 0 ? "-\(Double(next() % 100_000) / 100)" : "\(Double(next() % 10_000_000) / 100 + 1)"
            let currency = r % 301 == 9 ? "USD" : r % 307 == 5 ? "XYZ" : "CNY"
            let memo = r % 13 == 0 ? "\"货款\n第\(r)批\n\"\"加急\"\"\"" : r % 17 == 0 ? "代发工资" : r % 19 == 0 ? "\"material, \"\"A\"\"\"" : "货款"
            let name = r % 23 == 0 ? "示例客户\(c)（股份）有限公司 " : "示例客户\(c)股份有限公司"
            let client = "6222\(c),\(name),本行", partner = "955\(p),伙伴\(p)有限公司,他行"
            let payerFirst = next() % 2 == 0
            var line = "\(id),\(date),\(payerFirst ? client : partner),\(payerFirst ? partner : client),\(amount),\(currency),\(memo)"
            if r % 29 == 0 { line += "\r" }
            lines.append(line)
            if r % 211 == 100 { lines.append("") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relmap-parts-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every figure of two readings, compared field by field (named, so a failure stays short).
    static func expectSame(_ a: PaymentFlows, _ b: PaymentFlows) {
        let checks: [(String, Bool)] = [
            ("encoding", a.encoding == b.encoding), ("sides", a.sides == b.sides), ("sideRows", a.sideRows == b.sideRows),
            ("pairs", a.pairPayer == b.pairPayer && a.pairPayee == b.pairPayee),
            ("pair counts", a.pairTxCount == b.pairTxCount && a.pairReversals == b.pairReversals),
            ("pair dates", a.pairFirst == b.pairFirst && a.pairLast == b.pairLast),
            ("slots", a.slotPair == b.slotPair && a.slotMonth == b.slotMonth), ("amounts", a.slotAmount == b.slotAmount),
            ("rows", a.dataRows == b.dataRows), ("rejections", a.rejected == b.rejected && a.rejections == b.rejections),
            ("duplicates", a.duplicates == b.duplicates && a.duplicateLines == b.duplicateLines),
            ("out of period", a.outOfPeriod == b.outOfPeriod),
            ("reversals", a.reversals == b.reversals && a.reversalCents == b.reversalCents),
            ("currencies", a.otherCurrencies.mapValues { [Int64($0.rows), $0.cents] } == b.otherCurrencies.mapValues { [Int64($0.rows), $0.cents] }),
            ("memo exclusions", a.memoExcludedRows == b.memoExcludedRows && a.memoExcludedCents == b.memoExcludedCents),
            ("period", a.firstDay == b.firstDay && a.lastDay == b.lastDay)
        ]
        #expect(checks.filter { !$0.1 }.map(\.0) == [])
    }

    static func options(parts: Int, chunk: Int = 8 << 20) -> PaymentReader.Options {
        PaymentReader.Options(since: Day(year: 2025, month: 1, day: 15), chunkSize: chunk, parts: parts, minPartBytes: 1)
    }

    @Test(arguments: [2, 3, 8, 61])
    func partsGiveTheFlowsOfOneSequentialPass(parts: Int) throws {
        let path = try Self.write(Self.sample(), "payments-\(parts).csv")
        let single = try PaymentReader.read(path, options: Self.options(parts: 1))
        #expect(single.duplicates > 0 && single.rejected > 0 && single.reversals > 0 && single.outOfPeriod > 0)
        #expect(single.duplicateLines.first.map { $0 > 2 } == true)
        let split = try PaymentReader.read(path, options: Self.options(parts: parts, chunk: 1000))
        Self.expectSame(single, split)
    }

    @Test func gb18030PartsGiveTheSameFlows() throws {
        let bytes = try #require(TextDecoding.iconvFromUTF8(Array(Self.sample().utf8), to: "GB18030"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relmap-parts-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("payments-gb18030.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let utf8 = try PaymentReader.read(try Self.write(Self.sample(), "payments-utf8.csv"), options: Self.options(parts: 1))
        let single = try PaymentReader.read(path, options: Self.options(parts: 1))
        let split = try PaymentReader.read(path, options: Self.options(parts: 7, chunk: 777))
        #expect(single.encoding == "GB18030")
        Self.expectSame(single, split)
        #expect(single.slotAmount == utf8.slotAmount && single.sides == utf8.sides)
    }

    @Test func anEncodingErrorNamesTheSameLineWhateverTheParts() throws {
        // UTF-8 Chinese first, then a GB18030 byte pair late in the file: a sequential pass stops
        // there; a part starting after the Chinese must not take the file for GB18030.
        var text = Self.sample(rows: 400)
        text += "X1,2025-03-01,1,甲,本行,2,乙,他行,5,CNY,ok\n"
        var bytes = Array(text.utf8)
        bytes += Array("X2,2025-03-01,1,".utf8) + [0xC4, 0xE3] + Array(",本行,2,乙,他行,5,CNY,ok\n".utf8)
        let path = try Self.write("", "mixed.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        func message(_ parts: Int) -> String {
            do {
                _ = try PaymentReader.read(path, options: Self.options(parts: parts, chunk: 500))
                return "no error"
            } catch { return "\(error)" }
        }
        let single = message(1)
        let line = text.utf8.filter { $0 == 0x0A }.count + 1
        #expect(single.contains("line \(line): bytes are not UTF-8, but the lines before are"), "\(single)")
        for parts in [2, 5, 30] { #expect(message(parts) == single) }
    }

    /// One row dated 2200-01-01 stretched the period and divided every yearly volume by about 88.
    @Test func anImplausibleDateIsARejectedRow() throws {
        let path = try Self.write(
            """
            id,date,payer_account,payer_name,payee_account,payee_name,amount
            T1,2025-01-02,1,甲,2,乙,5
            T2,2200-01-01,1,甲,2,乙,5
            T3,1900-05-01,1,甲,2,乙,5
            T4,2025-02-02,1,甲,2,乙,5

            """, "future.csv")
        let flows = try PaymentReader.read(path)
        #expect(flows.rejected == 2)
        #expect(flows.rejections.map(\.line) == [3, 4])
        #expect(flows.rejections.first?.reason.contains("2200-01-01") == true)
        #expect(flows.lastDay == Day(year: 2025, month: 2, day: 2))
        // Stated explicitly, the period is the user's: an old date is then merely out of period.
        var options = PaymentReader.Options()
        options.since = Day(year: 1800, month: 1, day: 1)
        options.until = Day(year: 2300, month: 1, day: 1)
        #expect(try PaymentReader.read(path, options: options).rejected == 0)
    }

    /// A payments header naming a column twice was read with the first copy; entities.csv refuses it.
    @Test func aDuplicatedColumnIsAnError() throws {
        let path = try Self.write("id,date,payer_account,payer_name,payee_account,payee_name,amount,Amount\nT1,2025-01-02,1,甲,2,乙,5,6\n", "dup.csv")
        do {
            _ = try PaymentReader.read(path)
            Issue.record("no error")
        } catch { #expect("\(error)".contains("dup.csv:1: amount: column appears twice (columns 7 and 8)"), "\(error)") }
    }

    /// A GB18030 file with one undecodable byte deep inside: the true line, not the block's
    /// first ("near line 2" for a byte on line 1691).
    @Test func anUndecodableByteInAGB18030FileNamesItsLine() throws {
        let text = Self.sample(rows: 1700)
        var bytes = TextDecoding.iconvFromUTF8(Array(text.utf8), to: "GB18030")!
        var line = 1, k = 0
        while line < 1691 {
            if bytes[k] == 0x0A { line += 1 }
            k += 1
        }
        bytes.insert(contentsOf: [0x81, 0x0A - 0x0A + 0x20], at: k + 3)
        let path = try Self.write("", "gb-bad.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for parts in [1, 4] {
            do {
                _ = try PaymentReader.read(path, options: Self.options(parts: parts, chunk: 1 << 16))
                Issue.record("no error")
            } catch { #expect("\(error)".contains("line 1691: bytes are neither UTF-8 nor GB18030"), "\(error)") }
        }
    }
}

@Suite("Mining number formats")
struct MiningNumberFormatTests {
    @Test func threeDecimalsMatchesPrintf() {
        var x: UInt64 = 0x2545_F491_4F6C_DD1D
        var values: [Double] = [0, 1, 0.5, 0.0625, 0.1875, 0.3125, 0.0005, 0.0015, 0.0025, 0.9995, 0.9999999, 123.4565, 1e-9]
        values += (0..<1000).map { Double($0) / 1000 + 0.0005 }  // near ties
        values += (0..<512).map { Double($0) / 512 }  // exact binary ties
        for _ in 0..<50_000 {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            values.append(Double(x >> 11) / Double(1 << 53))
        }
        let wrong = values.filter { PaymentMiner.threeDecimals($0) != String(format: "%.3f", $0) }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }
}
