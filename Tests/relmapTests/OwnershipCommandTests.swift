import Foundation
import Testing

@Suite struct OwnershipCommandTests {
    static let entities = """
        id,name,kind,status,rm,value
        P1,王建国,person,prospect,,
        H1,赣南锂源控股集团有限公司,company,client,RM01,3000000
        S1,赣南锂源锂业有限公司,company,client,RM02,1000000
        S2,赣南锂源新材料有限公司,company,other_bank,,
        S3,江西赣运物流有限公司,company,prospect,,
        O1,外部投资有限公司,company,prospect,,

        """
    static let relations = """
        source,target,type,weight
        P1,H1,owns,0.8
        O1,H1,owns,0.2
        H1,S1,owns,0.6
        H1,S2,owns,35%
        O1,S2,owns,0.2
        S1,S3,owns,1.0

        """

    func folder(_ entities: String = entities, _ relations: String = relations) throws -> String {
        let dir = try RelmapProcess.temporaryFolder()
        try RelmapProcess.write(entities, to: dir + "/entities.csv")
        try RelmapProcess.write(relations, to: dir + "/relations.csv")
        return dir
    }

    @Test func ownersByNameShowsTheControllerTheUBOAndTheChains() throws {
        let dir = try folder()
        let r = try RelmapProcess.run(["owners", dir, "--of", "江西赣运物流", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(doc["id"] as? String == "S3")
        #expect(doc["controller"] as? String == "P1")
        let ubos = doc["ubos"] as! [[String: Any]]
        #expect(ubos.map { $0["id"] as! String } == ["P1"])
        #expect(abs((ubos[0]["share"] as! Double) - 0.48) < 1e-12)
        let owners = doc["owners"] as! [[String: Any]]
        #expect(owners.map { $0["id"] as! String } == ["S1", "H1", "P1", "O1"])
        #expect(owners.last!["paths"] as! [[String]] == [["O1", "H1", "S1", "S3"]])
        // Nobody controls P1: controller is null, not missing.
        let top = try RelmapProcess.run(["owners", dir, "--of", "P1", "--format", "json"])
        let topDoc = try JSONSerialization.jsonObject(with: Data(top.stdout.utf8)) as! [String: Any]
        #expect(topDoc.keys.contains("controller") && topDoc["controller"] is NSNull)
        let table = try RelmapProcess.run(["owners", dir, "--of", "S3", "--lang", "zh"])
        #expect(table.stdout.contains("实际控制人: P1 王建国"))
        #expect(table.stdout.contains("受益所有人: P1 王建国 48.00% (持股+控制)"), "\(table.stdout)")
    }

    @Test func holdingsAndGroupsShowWhatTheGroupOffers() throws {
        let dir = try folder()
        let h = try RelmapProcess.run(["holdings", dir, "--of", "H1", "--format", "csv"])
        #expect(h.status == 0, "\(h.stderr)")
        let lines = h.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "id,name,status,rm,share,direct,controlled,path")
        #expect(lines[1].hasPrefix("S1,赣南锂源锂业有限公司,client,RM02,0.6,0.6,true,H1 > S1"), "\(lines[1])")
        let g = try RelmapProcess.run(["groups", dir, "--format", "json"])
        let groups = try JSONSerialization.jsonObject(with: Data(g.stdout.utf8)) as! [[String: Any]]
        #expect(groups.count == 1)
        #expect(groups[0]["controller"] as? String == "P1")
        #expect(groups[0]["members"] as? [String] == ["H1", "S1", "S2", "S3"])
        #expect(groups[0]["clients"] as? [String] == ["H1", "S1"])
        #expect(groups[0]["value"] as? Double == 4_000_000)
        #expect(groups[0]["uncovered"] as? [String] == ["S2", "S3"])
        let none = try RelmapProcess.run(["groups", dir, "--rm", "RM99"])
        #expect(none.status == 1 && none.stderr.contains("RM99"))
    }

    @Test func badOwnershipDataNamesTheLinesAndRefuses() throws {
        // Line 3 and 4: S1 held 70 % + 50 %; lines 5 and 6: S2 and S3 own each other entirely.
        let dir = try folder(
            Self.entities,
            """
            source,target,type,weight
            P1,H1,owns,0.8
            H1,S1,owns,0.7
            O1,S1,owns,0.5
            S2,S3,owns,1
            S3,S2,owns,1
            H1,H1,owns,0.05

            """)
        let r = try RelmapProcess.run(["owners", dir, "--of", "S1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("relations.csv:3: warning: weight: the direct owners of S1"), "\(r.stderr)")
        #expect(r.stderr.contains("line 4: O1 owns S1 50.00%"))
        #expect(r.stderr.contains("relations.csv:5: weight: ") && r.stderr.contains("own each other entirely"))
        #expect(r.stderr.contains("relations.csv:7: warning: weight: H1 赣南锂源控股集团有限公司 holds itself"))
        #expect(r.stdout.isEmpty)
        // Warnings alone do not stop the answer.
        let warn = try folder(Self.entities, "source,target,type,weight\nH1,S1,owns,0.7\nO1,S1,owns,0.5\n")
        let ok = try RelmapProcess.run(["owners", warn, "--of", "S1", "--format", "json"])
        #expect(ok.status == 0 && ok.stderr.contains("more than 100%"))
    }

    @Test func badUsageExitsTwo() throws {
        let dir = try folder()
        #expect(try RelmapProcess.run(["owners", dir, "--of", "S1", "--min-share", "5"]).status == 2)
        #expect(try RelmapProcess.run(["owners", dir]).status == 2)
        let unknown = try RelmapProcess.run(["owners", dir, "--of", "无此公司"])
        #expect(unknown.status == 1 && unknown.stderr.contains("无此公司"))
    }
}

@Suite struct OwnershipIntoNextAndChainTests {
    @Test func nextGivesTheGroupReasonAndListsTheUncoveredGroup() throws {
        let dir = try OwnershipCommandTests().folder()
        let r = try RelmapProcess.run(["next", dir, "--group-of", "S1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        #expect(Set(rows.map { $0["id"] as! String }) == ["S2", "S3"])
        let s3 = rows.first { $0["id"] as? String == "S3" }!
        let reasons = s3["reasons"] as! [String]
        #expect(reasons.contains { $0.hasPrefix("owned 100.00% by 赣南锂源锂业有限公司 (S1), in the group of 王建国 (P1)") }, "\(reasons)")
        #expect(((s3["signals"] as! [String: Any])["group"] as! Double) == 0.75)
        #expect(r.stderr.contains("4 members, 2 bank with us, 2 companies do not"))
        // The default weight of group is 0: a weights file turns it on.
        let all = try RelmapProcess.run(["next", dir, "--format", "json"])
        #expect(all.status == 0, "\(all.stderr)")
        let none = try RelmapProcess.run(["next", dir, "--group-of", "O1"])
        #expect(none.status == 1 && none.stderr.contains("is in no group"))
    }

    @Test func mapDrawsTheGroupAsOneClusterWithShares() throws {
        let dir = try OwnershipCommandTests().folder()
        let r = try RelmapProcess.run(["map", dir, "--group", "S3", "--format", "dot", "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("subgraph \"cluster_group\""))
        #expect(r.stdout.contains("4 members, 2 bank with us, 2 do not"))
        // P1 holds H1 (80 %, controls: bold), O1 sits outside the group with 20 % of H1 (dashed).
        #expect(r.stdout.contains("[label=\"80.00%\", penwidth=\"2.2\""))
        #expect(r.stdout.contains("[label=\"20.00%\", style=\"dashed\"]"))
        let lone = try RelmapProcess.run(["map", dir, "--group", "O1"])
        #expect(lone.status == 1 && lone.stderr.contains("in no group"))
    }

    @Test func aRelativeControllerIsAWarmTie() throws {
        let dir = try OwnershipCommandTests().folder()
        // H1 holds 35 % of S2, the largest holder: it controls S2, so the tie counts 0.9, not 0.7.
        let r = try RelmapProcess.run(["chain", dir, "--to", "S2", "--from", "H1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let paths = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        #expect(abs((paths[0]["strength"] as! Double) - 0.9) < 1e-9)
    }
}
