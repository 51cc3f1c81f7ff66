/// The referral report as CSV for spreadsheets: one table per file, chosen with `CSVTable`.
extension ReferralReport {
    /// Which table a CSV export holds.
    public enum CSVTable: String, Sendable, CaseIterable {
        case introducers, dormant, trees, referrals, members
    }

    /// One table as CSV.
    public func csv(_ which: CSVTable = .introducers) -> String {
        let introducerHeader = [
            "id", "name", "kind", "status", "rm", "referred", "won", "pending", "lost", "no_outcome",
            "conversion_rate", "value_brought", "value_downstream", "last_referral", "days_silent"
        ]
        func introducerCells(_ i: Introducer) -> [String] {
            [
                i.id, i.name, i.kind, i.status, i.rm, String(i.referred), String(i.won), String(i.pending), String(i.lost),
                String(i.noOutcome), String(i.conversionRate), Self.number(i.valueBrought), Self.number(i.valueDownstream),
                i.lastReferral ?? "", i.daysSilent.map(String.init) ?? ""
            ]
        }
        switch which {
        case .introducers: return CSVWriter.document(header: introducerHeader, rows: introducers.map(introducerCells))
        case .dormant: return CSVWriter.document(header: introducerHeader, rows: dormant.map(introducerCells))
        case .trees:
            return CSVWriter.document(
                header: ["root", "root_name", "size", "depth", "won", "value_brought", "rms"],
                rows: trees.map {
                    [
                        $0.root, $0.rootName, String($0.size), String($0.depth), String($0.won),
                        Self.number($0.valueBrought), $0.rms.joined(separator: ";")
                    ]
                })
        case .referrals:
            return CSVWriter.document(
                header: ["introducer", "introducer_name", "referred", "referred_name", "date", "outcome", "value", "referred_rm"],
                rows: referrals.map {
                    [
                        $0.introducer, $0.introducerName, $0.referred, $0.referredName, $0.date ?? "",
                        $0.outcome, $0.value.map(Self.number) ?? "", $0.referredRM
                    ]
                })
        case .members:
            var rows: [[String]] = []
            for t in trees {
                for m in t.members {
                    rows.append([
                        t.root, m.id, m.name, m.parent.map { t.members[$0].id } ?? "", String(m.depth), m.outcome,
                        m.date ?? "", m.status, m.rm, m.value.map(Self.number) ?? ""
                    ])
                }
            }
            return CSVWriter.document(
                header: ["tree_root", "id", "name", "introduced_by", "depth", "outcome", "date", "status", "rm", "value"], rows: rows)
        }
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
