import Testing

@testable import RelmapCore

@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("1,200,000", 1_200_000.0), ("1200000.50", 1_200_000.5), ("35%", 0.35), ("１２３", 123.0),
        ("-5", -5.0), ("1.5e6", 1_500_000.0), (" 42 ", 42.0), ("1 200 000", 1_200_000.0)
    ])
    func numbers(_ text: String, _ value: Double) {
        #expect(ValueParsing.parseNumber(text) == value)
        var t = text
        let fast = t.withUTF8 { ValueParsing.parseNumber(bytes: $0) }
        #expect(fast == value)
    }

    @Test(arguments: ["abc", "", "12abc", "0x10", "1.2.3"])
    func notNumbers(_ text: String) {
        #expect(ValueParsing.parseNumber(text) == nil)
    }

    /// A thousands separator groups exactly three digits: `12,34` was read as 1234 and `0,5` as 5.
    @Test(arguments: ["12,34", "0,5", "1,2345", "1234,567", "1,200.5,0", "12 34", "1,20,000", "1.5,000", ",100", "100,"])
    func badDigitGroupsAreNotNumbers(_ text: String) {
        #expect(ValueParsing.parseNumber(text) == nil)
        var t = text
        #expect(t.withUTF8 { ValueParsing.parseNumber(bytes: $0) } == nil)
    }

    @Test(arguments: [("12,345.67", 12_345.67), ("-1,000", -1000.0), ("１，２３４", 1234.0), ("1'000'000", 1_000_000.0), ("12 %", 0.12), ("1,234%", 12.34)]
    )
    func goodDigitGroups(_ text: String, _ value: Double) {
        #expect(ValueParsing.parseNumber(text) == value)
    }

    @Test(arguments: ["2026-03-05", "2026/3/5", "20260305", "2026年3月5日", "2026.03.05", "2026-03-05T10:00:00"])
    func dates(_ text: String) {
        #expect(ValueParsing.parseDay(text) == Day(year: 2026, month: 3, day: 5))
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "05/03/2026", "yesterday", "2026-3", "202603051"])
    func notDates(_ text: String) {
        #expect(ValueParsing.parseDay(text) == nil)
    }

    @Test func dayArithmetic() {
        #expect(Day(year: 1970, month: 1, day: 1)?.daysSince1970 == 0)
        #expect(Day(year: 2024, month: 2, day: 29)?.description == "2024-02-29")
        #expect(Day(daysSince1970: 20_000).description == "2024-10-04")
    }
}
