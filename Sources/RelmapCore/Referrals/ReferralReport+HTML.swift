/// The referral report as one self-contained HTML file: inline CSS, inline SVG diagrams, no
/// scripts, fonts or images fetched from anywhere, so it opens offline in any browser and can be
/// mailed as an attachment.
extension ReferralReport {
    /// - Parameter diagram: renders one tree as an SVG document (e.g. through Graphviz); when nil
    ///   or when it returns nil, the built-in layered layout draws the tree.
    public func html(diagram: ((Tree) -> String?)? = nil) -> String {
        let s = summary
        var h = """
            <!DOCTYPE html>
            <html lang="\(chinese ? "zh-CN" : "en")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Referral report · \(Self.esc(s.asOf))</title>
            <style>\(Self.css)</style></head><body>
            <h1>Referral report</h1><p class="scope">\(Self.esc(scopeLine))</p>
            <section class="cards">
            \(Self.card("referrals", String(s.referrals), "\(s.won) won · \(s.pending) pending · \(s.lost) lost"))
            \(Self.card("conversion", Self.percent(s.conversionRate), "won / referred"))
            \(Self.card("value won", money(s.valueWon), "yearly value of won clients"))
            \(Self.card("introducers", String(s.introducers), "\(dormant.count) dormant"))
            \(Self.card("trees", String(s.trees), "largest \(s.largestTree), deepest \(s.deepestTree)"))
            </section>

            """
        h += "<h2>Largest referral trees</h2>\n"
        if trees.isEmpty { h += "<p>No referral trees.</p>\n" }
        for tree in trees.prefix(diagramCount) {
            h +=
                "<figure class=\"tree\"><figcaption><b>\(Self.esc(tree.rootName))</b> (\(Self.esc(tree.root))): \(tree.size) referred, depth \(tree.depth), \(tree.won) won, value brought \(Self.esc(money(tree.valueBrought)))"
            if !tree.rms.isEmpty {
                h += " · RM \(Self.esc(tree.rms.prefix(8).joined(separator: ", ")))"
                if tree.rms.count > 8 { h += " and \(tree.rms.count - 8) more" }
            }
            h += "</figcaption>\n"
            h += (diagram?(tree) ?? svg(tree)) + "\n</figure>\n"
        }
        if trees.count > diagramCount {
            h += table(
                ["root", "name", "referred", "depth", "won", "value brought", "RMs"],
                trees.dropFirst(diagramCount).prefix(Self.displayLimit).map {
                    [$0.root, $0.rootName, String($0.size), String($0.depth), String($0.won), money($0.valueBrought), $0.rms.joined(separator: ", ")]
                }, numeric: [2, 3, 4, 5], more: trees.count - diagramCount)
        }

        let introducerHeader = [
            "id", "name", "kind", "referred", "won", "pending", "lost", "conversion", "value brought", "downstream", "last referral"
        ]
        h +=
            "<h2>Introducers</h2>\n"
            + table(
                introducerHeader, introducers.prefix(Self.displayLimit).map(introducerRow),
                numeric: [3, 4, 5, 6, 7, 8, 9], more: introducers.count)
        h += "<h2>Dormant introducers to re-activate</h2>\n<p>Productive once, no referral for \(s.dormantDays) days or more: worth a visit.</p>\n"
        h +=
            dormant.isEmpty
            ? "<p>None.</p>\n"
            : table(
                introducerHeader, dormant.prefix(Self.displayLimit).map(introducerRow),
                numeric: [3, 4, 5, 6, 7, 8, 9], more: dormant.count)
        h += "<h2>Chains per RM</h2>\n"
        h +=
            rms.isEmpty
            ? "<p>No referral chains touch an RM's book.</p>\n"
            : table(
                ["RM", "trees", "won in book", "value in book", "largest chains (roots)"],
                rms.prefix(Self.displayLimit).map {
                    [
                        $0.rm, String($0.trees.count), String($0.wonInBook), money($0.valueInBook),
                        $0.trees.prefix(5).map { trees[$0].rootName }.joined(separator: ", ")
                    ]
                },
                numeric: [1, 2, 3], more: rms.count)
        h += "<h2>Anomalies</h2>\n<ul>\n" + anomalyLines().map { "<li>\(Self.codeSpans($0))</li>\n" }.joined() + "</ul>\n"
        h +=
            "<footer>relmap report referrals · legend: <span class=\"won\">won</span> <span class=\"pending\">pending</span> <span class=\"lost\">lost</span> <span class=\"none\">no outcome</span></footer>\n</body></html>\n"
        return h
    }

    private func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>, more total: Int) -> String {
        var t =
            "<table><thead><tr>"
            + header.enumerated().map { k, h in
                numeric.contains(k) ? "<th class=\"n\">\(Self.esc(h))</th>" : "<th>\(Self.esc(h))</th>"
            }.joined() + "</tr></thead><tbody>\n"
        for r in rows {
            t +=
                "<tr>"
                + r.enumerated().map { k, c in numeric.contains(k) ? "<td class=\"n\">\(Self.esc(c))</td>" : "<td>\(Self.esc(c))</td>" }.joined()
                + "</tr>\n"
        }
        t += "</tbody></table>\n"
        if total > rows.count { t += "<p class=\"more\">\(total - rows.count) more rows in the CSV or JSON output.</p>\n" }
        return t
    }

    /// Draws a tree left to right: leaves stacked in display order, each parent centred beside its
    /// children. Large trees are drawn selectively (see below).
    /// - Complexity: O(members).
    func svg(_ tree: Tree, maxNodes: Int = 60, maxChildren: Int = 8) -> String {
        // Pick what to draw: under each member, the children heading the largest subtrees first
        // (the chains are the story), then won ones, then referral order; at most `maxChildren`
        // each, the rest folded into one "+N more" box, and at most `maxNodes` boxes in all.
        let all = tree.members
        var kids = [[Int]](repeating: [], count: all.count)
        for (i, m) in all.enumerated() { if let p = m.parent { kids[p].append(i) } }
        var below = [Int](repeating: 0, count: all.count)
        for i in stride(from: all.count - 1, through: 1, by: -1) { below[all[i].parent!] += below[i] + 1 }
        var members: [Member] = [all[0]]
        var origin: [Int] = [0]  // index in `all`, or -1 for a "+N more" box
        var head = 0
        while head < members.count {
            let o = origin[head]
            if o >= 0 && !kids[o].isEmpty {
                let sorted = kids[o].sorted {
                    (below[$0], all[$0].outcome == "won" ? 1 : 0, -$0) > (below[$1], all[$1].outcome == "won" ? 1 : 0, -$1)
                }
                let room = max(0, maxNodes - members.count - 1)
                let shown = sorted.prefix(min(maxChildren, room))
                for c in shown {
                    var m = all[c]
                    m.parent = head
                    members.append(m)
                    origin.append(c)
                }
                let rest = sorted.dropFirst(shown.count)
                if !rest.isEmpty {
                    let entities = rest.reduce(0) { $0 + below[$1] + 1 }
                    members.append(
                        Member(
                            id: "", name: "+\(rest.count) more", parent: head, depth: all[o].depth + 1,
                            outcome: "more", date: entities > rest.count ? "\(entities) entities" : nil,
                            status: "", rm: "", value: nil))
                    origin.append(-1)
                }
            }
            head += 1
        }
        let count = members.count
        var children = [[Int]](repeating: [], count: count)
        for (i, m) in members.enumerated() { if let p = m.parent { children[p].append(i) } }
        var x = [Double](repeating: 0, count: count)
        var nextLeaf = 0.0
        // Post-order without recursion: members are breadth-first, so reverse order visits children first.
        var leafOrder: [Int] = []
        var stack = [0]
        while let v = stack.popLast() {
            if children[v].isEmpty { leafOrder.append(v) }
            stack.append(contentsOf: children[v].reversed())
        }
        for v in leafOrder {
            x[v] = nextLeaf
            nextLeaf += 1
        }
        for v in stride(from: count - 1, through: 0, by: -1) where !children[v].isEmpty {
            x[v] = (x[children[v].first!] + x[children[v].last!]) / 2
        }
        // Left to right: referral trees are wide and shallow, so generations run across the page
        // and siblings stack down it (a few levels fit any screen; many siblings only scroll down).
        let boxW = 160.0, boxH = 36.0, gapX = 56.0, gapY = 8.0, pad = 10.0
        let depth = members.map(\.depth).max() ?? 0
        let width = pad * 2 + Double(depth + 1) * (boxW + gapX) - gapX
        let height = pad * 2 + max(1, nextLeaf) * (boxH + gapY) - gapY
        func left(_ v: Int) -> Double { pad + Double(members[v].depth) * (boxW + gapX) }
        func top(_ v: Int) -> Double { pad + x[v] * (boxH + gapY) }
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"referral tree of \(Self.esc(tree.rootName))\">\n"
        for (v, m) in members.enumerated() {
            guard let p = m.parent else { continue }
            let x1 = left(p) + boxW, y1 = top(p) + boxH / 2, x2 = left(v), y2 = top(v) + boxH / 2
            let mid = (x1 + x2) / 2
            out +=
                "<path class=\"edge \(Self.outcomeClass(m.outcome))\" d=\"M\(Self.f(x1)),\(Self.f(y1)) C\(Self.f(mid)),\(Self.f(y1)) \(Self.f(mid)),\(Self.f(y2)) \(Self.f(x2)),\(Self.f(y2))\"/>\n"
        }
        for (v, m) in members.enumerated() {
            let cls = m.parent == nil ? "root" : Self.outcomeClass(m.outcome)
            let sub =
                m.parent == nil
                ? "introducer"
                : m.outcome == "more"
                    ? (m.date ?? "see CSV or JSON")
                    : [m.outcome.isEmpty ? "no outcome" : m.outcome, m.date ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            out +=
                "<g class=\"node \(cls)\"><title>\(Self.esc(m.name))\(m.id.isEmpty ? "" : " (" + Self.esc(m.id) + ")")\(m.rm.isEmpty ? "" : " · RM " + Self.esc(m.rm))\(m.value.map { " · value " + money($0) } ?? "")</title>"
            out += "<rect x=\"\(Self.f(left(v)))\" y=\"\(Self.f(top(v)))\" width=\"\(Int(boxW))\" height=\"\(Int(boxH))\" rx=\"6\"/>"
            out += "<text x=\"\(Self.f(left(v) + boxW / 2))\" y=\"\(Self.f(top(v) + 15))\">\(Self.esc(Self.truncate(m.name, width: 22)))</text>"
            out += "<text class=\"sub\" x=\"\(Self.f(left(v) + boxW / 2))\" y=\"\(Self.f(top(v) + 29))\">\(Self.esc(sub))</text></g>\n"
        }
        return out + "</svg>"
    }

    /// Escapes `s` and turns Markdown `code` spans into <code> elements.
    static func codeSpans(_ s: String) -> String {
        s.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { k, part in k % 2 == 1 ? "<code>\(esc(String(part)))</code>" : esc(String(part)) }.joined()
    }

    static func outcomeClass(_ outcome: String) -> String { outcome.isEmpty ? "none" : outcome }

    /// Cuts a name to a display width (CJK characters count two) with an ellipsis.
    static func truncate(_ s: String, width: Int) -> String {
        guard TextTable.displayWidth(s) > width else { return s }
        var out = ""
        for ch in s {
            if TextTable.displayWidth(out + String(ch)) > width - 1 { break }
            out.append(ch)
        }
        return out + "…"
    }

    static func f(_ v: Double) -> String { String(Int(v.rounded())) }

    static func esc(_ s: String) -> String { Escaping.html(s) }

    static func card(_ label: String, _ value: String, _ note: String) -> String {
        "<div class=\"card\"><div class=\"label\">\(esc(label))</div><div class=\"value\">\(esc(value))</div><div class=\"note\">\(esc(note))</div></div>"
    }

    static let css = """
        :root{--won:#1b7f4b;--pending:#c98a00;--lost:#8a8f98;--none:#5b6b8c;--ink:#1d2330;--line:#d9dde5}
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei","Helvetica Neue",Arial,sans-serif;color:var(--ink);max-width:1180px;margin:24px auto;padding:0 16px;line-height:1.45}
        h1{margin:0 0 4px;font-size:26px}h2{margin-top:32px;border-bottom:2px solid var(--line);padding-bottom:4px;font-size:20px}
        .scope{color:#5b6270;margin-top:0}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        .card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px;background:#fafbfc}
        .card .label{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5b6270}.card .value{font-size:24px;font-weight:700}.card .note{font-size:12px;color:#5b6270}
        table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f1f3f6;position:sticky;top:0}th.n,td.n{text-align:right;font-variant-numeric:tabular-nums}tr:hover td{background:#f7f9fc}
        .more{color:#5b6270;font-size:12px}
        figure.tree{margin:16px 0;border:1px solid var(--line);border-radius:8px;padding:8px;overflow-x:auto;background:#fff}
        figcaption{font-size:14px;margin-bottom:6px}
        svg.diagram text{font-size:12px;text-anchor:middle;fill:var(--ink);font-family:inherit}svg.diagram text.sub{font-size:10px;fill:#5b6270}
        svg.diagram rect{fill:#fff;stroke:var(--none);stroke-width:1.5}
        .node.root rect{fill:#e8eefc;stroke:#2f5bd3;stroke-width:2}.node.won rect{fill:#e7f5ee;stroke:var(--won)}.node.pending rect{fill:#fff6e0;stroke:var(--pending)}.node.lost rect{fill:#f3f4f6;stroke:var(--lost);stroke-dasharray:4 3}.node.more rect{fill:#fafafa;stroke:#b8bec9;stroke-dasharray:2 3}
        path.edge{fill:none;stroke:var(--none);stroke-width:1.5}path.edge.won{stroke:var(--won);stroke-width:2.2}path.edge.pending{stroke:var(--pending)}path.edge.lost{stroke:var(--lost);stroke-dasharray:4 3}path.edge.more{stroke:#b8bec9;stroke-dasharray:2 3}
        footer{margin-top:32px;color:#5b6270;font-size:12px}footer span{padding:1px 6px;border-radius:4px;color:#fff}
        footer .won{background:var(--won)}footer .pending{background:var(--pending)}footer .lost{background:var(--lost)}footer .none{background:var(--none)}
        @media print{th{position:static}figure.tree{break-inside:avoid}}
        """
}
