/// A calendar date as whole days since 1970-01-01 (proleptic Gregorian, no time zone): four bytes
/// per relation instead of a `Date` and a calendar lookup per row.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var daysSince1970: Int32

    public init(daysSince1970: Int32) { self.daysSince1970 = daysSince1970 }

    /// Nil when the triple is not a real date (month 13, February 30...).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Day.daysInMonth(year: year, month: month)
        else { return nil }
        daysSince1970 = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    public static func < (a: Day, b: Day) -> Bool { a.daysSince1970 < b.daysSince1970 }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public var civil: (year: Int, month: Int, day: Int) { Day.civilFromDays(Int(daysSince1970)) }

    public func adding(days: Int) -> Day { Day(daysSince1970: daysSince1970 + Int32(days)) }

    /// Today in UTC.
    public static var today: Day {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Day(daysSince1970: Int32(t.tv_sec / 86_400))
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact over the whole range, no tables.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
