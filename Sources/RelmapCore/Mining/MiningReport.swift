import Foundation

/// What `relmap mine` did, for the analyst and for review: written as mining-report.md and .json.
public struct MiningReport: Codable, Sendable {
    public struct Volume: Codable, Sendable, Equatable {
        public var reason: String
        public var rows: Int
        public var volume: Double
    }
    public struct Currency: Codable, Sendable, Equatable {
        public var currency: String
        public var rows: Int
        public var volume: Double
    }
    public struct Created: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var status: String
        public var bank: String
        public var accounts: [String]
    }
    public struct Variants: Codable, Sendable, Equatable {
        public var entity: String
        public var name: String
        public var variants: [String]
    }

    public var payments = ""
    public var encoding = ""
    public var period = ""
    public var dataRows = 0
    public var rowsInFlows = 0
    public var rejected = 0
    public var rejectedShare = 0.0
    public var maxRejectedShare = 0.05
    public var rejectedRows: [RejectedRow] = []
    public var duplicateIDs = 0
    public var duplicateLines: [Int] = []
    public var outOfPeriod = 0
    public var reversals = 0
    public var reversalVolume = 0.0
    public var keptVolume = 0.0
    public var excluded: [Volume] = []
    public var otherCurrencies: [Currency] = []
    public var relationsCreated = 0
    public var relationsEnriched = 0
    public var weakRelations = 0
    public var created: [Created] = []
    public var variants: [Variants] = []
    public var conflicts: [CounterpartyResolver.Conflict] = []

    public var passed: Bool { rejectedShare < maxRejectedShare }
    public var failureReason: String? {
        passed
            ? nil
            : String(
                format:
                    "%.1f%% of the %d payment rows were rejected (threshold %.1f%%); see the rejected rows in mining-report.md, fix them or raise --max-rejected-share",
                rejectedShare * 100, dataRows, maxRejectedShare * 100)
    }

    /// The report as Markdown.
    public func markdown() -> String {
        func amount(_ v: Double) -> String { String(format: "%.2f", v) }
        var s = "# Mining report\n\n"
        s += "- payments: `\(payments)` (\(encoding)), period \(period)\n"
        s += "- data rows: \(dataRows); in client trade flows: \(rowsInFlows); kept volume (CNY): \(amount(keptVolume))\n"
        s += String(
            format: "- rejected rows: %d (%.2f%%, threshold %.2f%%): %@\n", rejected, rejectedShare * 100, maxRejectedShare * 100,
            passed ? "passed" : "FAILED")
        s +=
            "- duplicate ids dropped: \(duplicateIDs); outside the period: \(outOfPeriod); reversals (negative amounts netted): \(reversals), \(amount(reversalVolume))\n"
        s += "- supplies relations: \(relationsCreated) created, \(relationsEnriched) enriched, \(weakRelations) weak (below --min-months)\n\n"
        s += "## Excluded by reason\n\n| reason | rows / flows | volume (CNY) |\n|---|---:|---:|\n"
        for v in excluded { s += "| \(v.reason) | \(v.rows) | \(amount(v.volume)) |\n" }
        if !otherCurrencies.isEmpty {
            s += "\n## Other currencies (reported, not mixed into volumes)\n\n| currency | rows | volume |\n|---|---:|---:|\n"
            for c in otherCurrencies { s += "| \(c.currency) | \(c.rows) | \(amount(c.volume)) |\n" }
        }
        s += "\n## Counterparties created (\(created.count))\n\n"
        if !created.isEmpty {
            s += "| id | name | status | bank | accounts |\n|---|---|---|---|---|\n"
            for c in created { s += "| \(c.id) | \(c.name) | \(c.status) | \(c.bank) | \(c.accounts.joined(separator: "; ")) |\n" }
        }
        s += "\n## Name variants merged (review)\n\n"
        if variants.isEmpty {
            s += "none\n"
        } else {
            s += "| entity | name | variants as written |\n|---|---|---|\n"
            for v in variants { s += "| \(v.entity) | \(v.name) | \(v.variants.map { "`\($0)`" }.joined(separator: ", ")) |\n" }
        }
        s += "\n## Conflicts (not merged silently)\n\n"
        if conflicts.isEmpty {
            s += "none\n"
        } else {
            for c in conflicts { s += "- account `\(c.account)`: \(c.names.map { "`\($0)`" }.joined(separator: " / ")): \(c.detail)\n" }
        }
        s += "\n## Rejected rows\n\n"
        if rejectedRows.isEmpty {
            s += "none\n"
        } else {
            for r in rejectedRows { s += "- line \(r.line): \(r.field): \(r.reason)\n" }
            if rejected > rejectedRows.count { s += "- ... and \(rejected - rejectedRows.count) more\n" }
        }
        if !duplicateLines.isEmpty {
            s +=
                "\n## Duplicate ids dropped (lines)\n\n" + duplicateLines.map(String.init).joined(separator: ", ")
                + (duplicateIDs > duplicateLines.count ? ", ..." : "") + "\n"
        }
        return s
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
