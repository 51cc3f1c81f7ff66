import Testing

@testable import RelmapCore

@Suite struct CompanyNameTests {
    @Test(arguments: [
        "江西赣锋锂业股份有限公司", "江西赣锋锂业股份有限公司 ", "江西赣锋锂业(股份)有限公司",
        "江西赣锋锂业（股份）有限公司", "　江西赣锋锂业 股份 有限公司"
    ])
    func variantsShareOneKey(_ name: String) {
        #expect(CompanyName.normalized(name) == CompanyName.normalized("江西赣锋锂业股份有限公司"))
    }

    @Test func limitedLiabilityFormsMatch() {
        #expect(CompanyName.normalized("苏州华晶隔膜有限责任公司") == CompanyName.normalized("苏州华晶隔膜有限公司"))
        #expect(CompanyName.normalized("Acme, Inc.") == CompanyName.normalized("ACME Incorporated"))
        #expect(CompanyName.normalized("ＡＢＣ（中国）有限公司") == CompanyName.normalized("ABC(中国)有限公司"))
    }

    @Test func differentFirmsStayApart() {
        #expect(CompanyName.normalized("江西赣锋锂业股份有限公司") != CompanyName.normalized("江西赣锋锂电股份有限公司"))
    }

    @Test func branchResolvesToHeadOffice() {
        #expect(CompanyName.headOffice("江西赣锋锂业股份有限公司上海分公司") == "江西赣锋锂业股份有限公司")
        #expect(CompanyName.headOffice("江西赣锋锂业股份有限公司") == nil)
    }

    @Test func personNames() {
        #expect(CompanyName.looksLikePerson("张伟"))
        #expect(CompanyName.looksLikePerson("欧阳娜娜"))
        #expect(!CompanyName.looksLikePerson("华为公司"))
        #expect(!CompanyName.looksLikePerson("税务局"))
    }

    @Test func resolverFindsByIdNameAndPart() throws {
        var b = GraphBuilder()
        try b.addEntity(EntityRecord(id: "G1", name: "江西赣锋锂业股份有限公司"))
        try b.addEntity(EntityRecord(id: "G2", name: "赣锋锂电(深圳)有限公司"))
        try b.addEntity(EntityRecord(id: "N1", name: "宁德新能电池有限公司"))
        let r = EntityResolver(graph: b.build())
        #expect(try r.resolve("G1") == 0)
        #expect(try r.resolve("江西赣锋锂业（股份）有限公司") == 0)
        #expect(try r.resolve("宁德新能") == 2)
        #expect(throws: RelmapError.self) { try r.resolve("赣锋") }  // two firms
        do {
            _ = try r.resolve("宁德新能电池有限工司")
            Issue.record("expected unknown")
        } catch let e as RelmapError {
            #expect(e.description.contains("N1"))  // suggested
        }
    }
}
