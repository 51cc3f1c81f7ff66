import Foundation
import Testing

@testable import RelmapCore

@Suite struct GraphLoaderTests {
    @Test func loadsEveryContractField() throws {
        let g = try TempGraph(entities: sampleEntities, relations: sampleRelations).load()
        #expect(g.entityCount == 4)
        #expect(g.relationCount == 5)
        let c1 = try #require(g.index(ofID: "C1"))
        #expect(g.entities.name(c1) == "宁德新能电池有限公司")
        #expect(g.entities.status(c1) == .client)
        #expect(g.entities.value(c1) == 1_200_000)
        #expect(g.entities.tier(c1) == 1)
        #expect(g.entities.attribute("accounts", of: c1) == "6222001")
        let p2 = try #require(g.index(ofID: "P2"))
        #expect(g.entities.name(p2) == "He said \"hi\"\ntwice")
        #expect(g.entities.status(p2) == .otherBank)
        let refers = try #require(g.relations.indices.first { g.relations.type($0) == .refers })
        #expect(g.relations.date(refers) == Day(year: 2024, month: 3, day: 5))
        #expect(g.relations.outcome(refers) == .won)
        #expect(g.relations.strength(refers) == 0.9)
        let works = try #require(g.relations.indices.first { g.relations.type($0) == .worksAt })
        #expect(g.relations.attribute("role", of: works) == "CFO")
        var supplied = 0.0
        g.forEachNeighbor(of: c1, types: .valueChain, direction: .backward) { _, r in supplied += g.relations.weight(r)! }
        #expect(supplied == 2_500_000)
    }

    @Test func acceptsBOMAndCRLF() throws {
        let e = [0xEF, 0xBB, 0xBF] + Array(sampleEntities.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let r = Array(sampleRelations.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let g = try TempGraph(entities: e, relations: r).load()
        #expect(g.entityCount == 4)
        #expect(g.index(ofID: "C1") != nil)
        let p2 = try #require(g.index(ofID: "P2"))
        #expect(g.entities.name(p2) == "He said \"hi\"\r\ntwice")
    }

    @Test func detectsGB18030() throws {
        let e = try #require(TextDecoding.iconvFromUTF8(Array(sampleEntities.utf8), to: "GB18030"))
        let r = Array(sampleRelations.utf8)
        let loaded = try GraphLoader.load(try TempGraph(entities: e, relations: r).path)
        let c1 = try #require(loaded.graph.index(ofID: "C1"))
        #expect(loaded.graph.entities.name(c1) == "宁德新能电池有限公司")
        #expect(loaded.encodings.values.contains("GB18030"))
    }

    @Test func duplicateRelationsMergeWithWarning() throws {
        let rel = "source,target,type,weight\nP1,C1,supplies,100\nP1,C1,supplies,\"1,000\"\nX1,C1,knows,\nC1,X1,knows,\n"
        let loaded = try GraphLoader.load(try TempGraph(entities: sampleEntities, relations: rel).path)
        #expect(loaded.graph.relationCount == 2)
        #expect(loaded.log.warningCount == 2)
        let supplies = try #require(loaded.graph.relations.indices.first { loaded.graph.relations.type($0) == .supplies })
        #expect(loaded.graph.relations.weight(supplies) == 1100)
    }

    /// Every bad input the contract names, with the line and field each must be reported at.
    @Test(arguments: [
        ("id,name\nA,x\nA,y\n", "source,target,type\n", "entities.csv:3: id: duplicate id 'A' (first on line 2)"),
        ("id,name\n,x\n", "source,target,type\n", "entities.csv:2: id: empty id"),
        ("name,kind\nx,company\n", "source,target,type\n", "entities.csv:1: id: required column is missing"),
        ("id,name,kind\nA,x,compnay\n", "source,target,type\n", "entities.csv:2: kind: 'compnay' is not a valid kind; did you mean company?"),
        ("id,name,status\nA,x,clinet\n", "source,target,type\n", "entities.csv:2: status: 'clinet' is not a valid status; did you mean client?"),
        ("id,name,value\nA,x,-5\n", "source,target,type\n", "entities.csv:2: value: negative value -5"),
        ("id,name,size\nA,x,inf\n", "source,target,type\n", "entities.csv:2: size: 'inf' is not a finite number"),
        ("id,name,value\nA,x,12abc\n", "source,target,type\n", "entities.csv:2: value: '12abc' is not a number"),
        ("id,name\nA,\"x\nB,y\n", "source,target,type\n", "entities.csv:2: field 2: quoted field never closed"),
        ("", "source,target,type\n", "entities.csv: file is empty"),
        ("id,name\nA,x\nB,y\n", "source,target,type\nA,Z,supplies\n", "relations.csv:2: target: unknown entity 'Z'"),
        (
            "id,name\nA,x\nB,y\n", "source,target,type\nA,B,suplies\n",
            "relations.csv:2: type: 'suplies' is not a valid relation type; did you mean supplies?"
        ),
        ("id,name\nA,x\nB,y\n", "source,target\nA,B\n", "relations.csv:1: type: required column is missing"),
        ("id,name\nA,x\nB,y\n", "source,target,type,weight\nA,B,supplies,-1\n", "relations.csv:2: weight: negative weight -1"),
        ("id,name\nA,x\nB,y\n", "source,target,type,weight\nA,B,supplies,nan\n", "relations.csv:2: weight: 'nan' is not a finite number"),
        ("id,name\nA,x\nB,y\n", "source,target,type,strength\nA,B,knows,1.5\n", "relations.csv:2: strength: '1.5' is outside (0, 1]"),
        ("id,name\nA,x\nB,y\n", "source,target,type,strength\nA,B,knows,0\n", "relations.csv:2: strength: '0' is outside (0, 1]"),
        ("id,name\nA,x\nB,y\n", "source,target,type,weight\nA,B,owns,35\n", "relations.csv:2: weight: equity share 35 is above 1"),
        ("id,name\nA,x\nB,y\n", "source,target,type,date\nA,B,refers,2024-13-01\n", "relations.csv:2: date: '2024-13-01' is not a date"),
        ("id,name\nA,x\nB,y\n", "source,target,type,outcome\nA,B,refers,maybe\n", "relations.csv:2: outcome: 'maybe' is not a referral outcome"),
        ("id,name\nA,x\nB,y\n", "", "relations.csv: file is empty"),
        (
            "id,name\nA,x\nB,y\n", "source,target,type\nA,x,supplies\n",
            "relations.csv:2: target: unknown entity 'x'; 'x' is the name of entity A; use its id"
        )
    ])
    func reportsBadInput(entities: String, relations: String, expected: String) throws {
        let problems = try TempGraph(entities: entities, relations: relations).problems()
        #expect(problems.contains { $0.contains(expected) }, "expected \(expected) in \(problems)")
        #expect(throws: RelmapError.self) { try TempGraph(entities: entities, relations: relations).load() }
    }

    @Test func missingFileIsNamed() throws {
        let problems = try TempGraph(entities: "id,name\nA,x\n", relations: nil).problems()
        #expect(
            problems.contains {
                $0.hasSuffix("relations.csv: file not found; a graph folder needs entities.csv and relations.csv (see README: data contract)")
            })
    }

    @Test func aFolderWhereAFileShouldBeIsNamed() throws {
        let folder = try TempGraph(entities: "id,name\nA,x\n", relations: nil)
        try FileManager.default.createDirectory(atPath: folder.path + "/relations.csv", withIntermediateDirectories: false)
        let problems = try folder.problems()
        #expect(
            problems.contains { $0.hasSuffix("relations.csv: is a folder, not a file; put the relations table itself here, as a CSV file") },
            "\(problems)")
    }

    /// A NUL in a name loaded silently: two entities could look the same on screen.
    @Test func controlCharactersInIdsAndNamesAreErrors() throws {
        let problems = try TempGraph(entities: "id,name,kind\nA,甲\u{0}公司,company\nB\u{1B},乙,company\n", relations: "source,target,type\n").problems()
        #expect(problems.contains { $0.contains("entities.csv:2: name: holds a control character") }, "\(problems)")
        #expect(problems.contains { $0.contains("entities.csv:3: id: holds a control character") }, "\(problems)")
    }

    /// One row pasted from a GB18030 file into a UTF-8 file loaded as mojibake with exit 0.
    @Test func anEncodingChangePartWayIsAnErrorAtItsLine() throws {
        let bytes =
            Array("id,name,kind\nA,甲公司,company\nB,乙公司,company\n".utf8) + Array("C,".utf8)
            + TextDecoding.iconvFromUTF8(Array("丙公司".utf8), to: "GB18030")! + Array(",company\n".utf8)
        let problems = try TempGraph(entities: bytes, relations: Array("source,target,type\n".utf8)).problems()
        #expect(problems.contains { $0.contains("entities.csv:4: bytes B1 FB B9 AB are not UTF-8, but the lines before are") }, "\(problems)")
    }

    /// The other way round: one UTF-8 row in a GB18030 file decoded as GB18030 mojibake, exit 0.
    @Test func aUTF8RowInAGB18030FileIsAnErrorAtItsLine() throws {
        let gb = { (s: String) in TextDecoding.iconvFromUTF8(Array(s.utf8), to: "GB18030")! }
        let bytes =
            gb("id,name,kind\nA,甲公司,company\nB,乙公司,company\n") + Array("C,宁德新能电池有限公司,company\n".utf8)
            + gb("D,丁公司,company\n")
        let problems = try TempGraph(entities: bytes, relations: Array("source,target,type\n".utf8)).problems()
        #expect(problems.contains { $0.contains("entities.csv:4: this line is UTF-8 but the lines before are GB18030") }, "\(problems)")
        // GB18030 Chinese alone (thousands of names) is never taken for UTF-8.
        var names = "id,name,kind\n"
        var g = SplitMix64(seed: 125)  // seeded: a failure can be replayed
        for i in 0..<5000 {
            names +=
                "E\(i),\(String((0..<Int.random(in: 3...8, using: &g)).map { _ in Character(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &g))!) })),company\n"
        }
        #expect(try TempGraph(entities: gb(names), relations: Array("source,target,type\n".utf8)).problems().isEmpty)
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030() throws {
        let bad: [UInt8] = Array("id,name\nA,x\n".utf8) + [0x42, 0x2C, 0xFF, 0xFF, 0x0A]
        let problems = try TempGraph(entities: bad, relations: Array("source,target,type\n".utf8)).problems()
        #expect(problems.contains { $0.contains("entities.csv:3: bytes FF FF 0A are neither UTF-8 nor GB18030") }, "\(problems)")
    }

    @Test func arbitraryBytesNeverCrash() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let n = Int.random(in: 0..<300, using: &rng)
            let junk = (0..<n).map { _ in [UInt8(0x22), 0x2C, 0x0A, 0x0D, 0x41, 0xE4, 0xB8, 0xAD, 0x81, 0x30].randomElement(using: &rng)! }
            _ = try TempGraph(entities: Array("id,name\n".utf8) + junk, relations: junk).problems()
        }
    }

    @Test func manyErrorsAreCappedAndCounted() throws {
        var rel = "source,target,type\n"
        for k in 0..<500 { rel += "A,missing\(k),supplies\n" }
        let (_, log) = try GraphLoader.validate(try TempGraph(entities: "id,name\nA,x\n", relations: rel).path, diagnosticLimit: 50)
        #expect(log.errorCount == 500)
        #expect(log.errors.count == 50)
        #expect(log.rendered().contains { $0.contains("450 more error(s)") })
    }
}

@Suite struct ParallelLoadTests {
    /// Files over a megabyte are parsed in pieces on several cores; line numbers, order and merge
    /// decisions must be exactly those of one sequential read, quoted line breaks included.
    @Test func piecesJoinInFileOrder() throws {
        var entities = "id,name\n"
        for i in 0..<1000 { entities += "E\(i),Firm \(i)\n" }
        var relations = "source,target,type,weight,note\n"
        var line = 2
        var badLines: [Int] = []
        for k in 0..<60_000 {
            if k % 7919 == 0 {
                relations += "E\(k % 1000),E\((k + 1) % 1000),supplies,5,\"two\nlines\"\n"
                line += 2
            } else if k % 10_007 == 0 {
                relations += "E\(k % 1000),NOPE,supplies,1,\n"
                badLines.append(line)
                line += 1
            } else {
                relations += "E\(k % 1000),E\((k * 7 + 3) % 1000),supplies,\(k),x\n"
                line += 1
            }
        }
        #expect(relations.utf8.count > 1 << 20)
        let folder = try TempGraph(entities: entities, relations: relations)
        let problems = try folder.problems().filter { $0.contains("unknown entity 'NOPE'") }
        #expect(problems.map { Int($0.split(separator: ":")[1])! } == badLines)
        let fixed = relations.replacingOccurrences(of: "NOPE", with: "E1")
        let g = try TempGraph(entities: entities, relations: fixed).load()
        let notes = (0..<g.relationCount).filter { g.relations.attribute("note", of: $0) == "two\nlines" }
        #expect(notes.count == (0..<60_000).filter { $0 % 7919 == 0 }.count)
        // Every note survives the join of the pieces' attribute columns whole: one of the values
        // written, never a string cut at the wrong offset.
        let written: Set<String> = ["x", "", "two\nlines"]
        #expect((0..<g.relationCount).allSatisfy { written.contains(g.relations.attribute("note", of: $0) ?? "?") })
    }

    /// entities.csv over a megabyte, with every kind of row problem spread over the pieces
    /// (repeated ids far apart, empty ids and names, bad kinds, wide rows, a quoted line break):
    /// one piece or five, the same diagnostics in the same order and the same table.
    @Test func entityPiecesGiveTheSequentialResult() throws {
        func make(problems: Bool) -> String {
            var out = "id,name,kind,status,value,note\n"
            for i in 0..<40_000 {
                switch problems ? i % 4_999 : 0 {
                case 17: out += "E\(i / 3),Again \(i),company,prospect,5,x\n"  // repeats an earlier id
                case 101: out += ",No Id,company,prospect,5,x\n"
                case 202: out += "E\(i / 7),,robot,prospect,5,x,extra\n"  // repeat, wide, no name, bad kind
                case 303: out += "Q\(i),\"Two\nLines\",company,client,-3,x\n"  // negative value
                default:
                    if i % 4_999 == 303 {
                        out += "Q\(i),\"Two\nLines\",company,client,3,x\n"
                    }
                    // A stray quote inside an unquoted field is text; it must not make the
                    // cutter think the quoted line breaks that follow are outside quotes.
                    else if i == 5 {
                        out += "E5,Pipe 5\" Co,company,prospect,5,x\n"
                    } else {
                        out += "E\(i),Firm \(i),company,prospect,\(i),x\n"
                    }
                }
            }
            return out
        }
        let entities = make(problems: true)
        #expect(entities.utf8.count > 1 << 20)
        let relations = "source,target,type\nE1,E2,supplies\n"
        func read(pieces: Int) -> ([String], Entities?) {
            var log = DiagnosticLog()
            let result = TableLoader.load(
                entities: .init(label: "entities.csv", bytes: Array(entities.utf8)),
                relations: .init(label: "relations.csv", bytes: Array(relations.utf8)),
                log: &log, pieces: pieces)
            return (log.kept.map(\.description) + ["\(log.errorCount) errors"], result?.graph.entities)
        }
        let (sequential, _) = read(pieces: 1)
        #expect(sequential.contains { $0.contains("duplicate id") } && sequential.contains { $0.contains("empty id") })
        #expect(sequential.contains { $0.contains("quoted") } == false)
        // One row's problems in the order a reader meets them: width, id, name, kind.
        let row204 = sequential.filter { $0.contains(":204:") }
        #expect(
            row204.count == 4 && row204[0].contains("fields but the header") && row204[1].contains("duplicate id 'E28'")
                && row204[2].contains("empty name") && row204[3].contains("robot"), "\(row204)")
        for pieces in [2, 5] { #expect(read(pieces: pieces).0 == sequential) }

        // Without the problem rows the load succeeds, and the table does not depend on the pieces.
        let clean = make(problems: false)
        func table(_ pieces: Int) -> Entities? {
            var log = DiagnosticLog()
            return TableLoader.load(
                entities: .init(label: "e", bytes: Array(clean.utf8)),
                relations: .init(label: "r", bytes: Array(relations.utf8)), log: &log, pieces: pieces)?.graph.entities
        }
        let one = try #require(table(1))
        let five = try #require(table(5))
        #expect(one.ids == five.ids && one.names == five.names && one.values.elementsEqual(five.values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(one.statuses == five.statuses && one.extra == five.extra && one.industries == five.industries)
    }
}
