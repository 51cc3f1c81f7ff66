import Foundation
import Testing

@Suite struct CoreCommandsTests {
    func graph(entities: String, relations: String) throws -> String {
        let dir = try RelmapProcess.temporaryFolder()
        try RelmapProcess.write(entities, to: dir + "/entities.csv")
        try RelmapProcess.write(relations, to: dir + "/relations.csv")
        return dir
    }

    let entities =
        "id,name,kind,status,industry,region,rm,value\nC1,宁德新能电池有限公司,company,client,电芯,福建,RM01,1000000\nP1,赣南锂源矿业有限公司,company,prospect,锂矿,江西,,\n"
    let relations = "source,target,type,weight\nP1,C1,supplies,\"2,000,000\"\n"

    @Test func validateExitsZeroOnValidData() throws {
        let r = try RelmapProcess.run(["validate", try graph(entities: entities, relations: relations)])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("valid: 2 entities, 1 relations"))
    }

    @Test func validateExitsOneAndNamesLineAndField() throws {
        let dir = try graph(entities: entities, relations: "source,target,type\nP1,C1,suplies\n")
        let r = try RelmapProcess.run(["validate", dir])
        #expect(r.status == 1)
        #expect(r.stdout.contains(dir + "/relations.csv:2: type: 'suplies' is not a valid relation type; did you mean supplies?"))
    }

    @Test func badUsageExitsTwo() throws {
        #expect(try RelmapProcess.run(["validate"]).status == 2)
        #expect(try RelmapProcess.run(["stats", "--format", "yaml", "x"]).status == 2)
    }

    @Test func missingFolderIsAClearError() throws {
        let r = try RelmapProcess.run(["stats", "/nonexistent/graph"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/graph: no such file or folder"))
    }

    @Test func otherCommandsRefuseInvalidData() throws {
        let dir = try graph(entities: entities + "C1,dup,company\n", relations: relations)
        let r = try RelmapProcess.run(["stats", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("entities.csv:4: id: duplicate id 'C1' (first on line 2)"))
        #expect(r.stdout.isEmpty)
    }

    @Test func statsAsJSON() throws {
        let r = try RelmapProcess.run(["stats", try graph(entities: entities, relations: relations), "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["entities"] as? Int == 2)
        #expect(json["relations"] as? Int == 1)
    }

    @Test func statsTableShowsChinese() throws {
        let r = try RelmapProcess.run(["stats", try graph(entities: entities, relations: relations)])
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("region") }.count == 2)
        #expect(r.stdout.contains("福建"))
    }

    @Test func exportRoundTripsThroughAllFormats() throws {
        let dir = try graph(entities: entities, relations: relations)
        let out = try RelmapProcess.temporaryFolder()
        #expect(try RelmapProcess.run(["export", dir, "--format", "json", "--out", out + "/g.json"]).status == 0)
        #expect(try RelmapProcess.run(["export", out + "/g.json", "--format", "graphml", "--out", out + "/g.graphml"]).status == 0)
        #expect(try RelmapProcess.run(["export", out + "/g.graphml", "--format", "csv", "--out", out + "/csv"]).status == 0)
        let back = try String(contentsOfFile: out + "/csv/relations.csv", encoding: .utf8)
        #expect(back.contains("P1,C1,supplies,2000000"))
    }

    /// `--excel`: a BOM and CRLF for Excel on a Chinese Windows, formula-looking text marked as
    /// text; Relmap reads the files back as the same graph.
    @Test func exportForExcelHasABomAndCrlfAndReadsBack() throws {
        let dir = try graph(entities: entities + "X1,=HYPERLINK(1),company,prospect,,,,\n", relations: relations)
        let out = try RelmapProcess.temporaryFolder() + "/excel"
        let r = try RelmapProcess.run(["export", dir, "--format", "csv", "--excel", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try #require(FileManager.default.contents(atPath: out + "/entities.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("id,name,") && text.contains("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.contains("'=HYPERLINK"))
        let plain = try RelmapProcess.run(["stats", dir, "--format", "json", "--no-cache"]),
            excel = try RelmapProcess.run(["stats", out, "--format", "json", "--no-cache"])
        #expect(plain.status == 0 && excel.status == 0 && plain.stdout == excel.stdout.replacingOccurrences(of: out, with: dir))
        let json = try RelmapProcess.run(["export", dir, "--format", "json", "--excel", "--out", out + ".json", "--lang", "en"])
        #expect(json.status == 2 && json.stderr.contains("--excel is for --format csv"))
    }

    /// Input files are mapped; a file another program shrinks mid-read raises SIGBUS, which must
    /// end in a sentence and exit 1, not "Bus error". The signal is sent while relmap waits on a
    /// FIFO: once our non-blocking open for writing succeeds, relmap has the FIFO open for reading,
    /// so its main (which installs the handler first) is running.
    @Test func aBusErrorWhileReadingEndsInAMessage() throws {
        let dir = try RelmapProcess.temporaryFolder()
        let fifo = dir + "/entities.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        try RelmapProcess.write(relations, to: dir + "/relations.csv")
        let p = Process()
        p.executableURL = RelmapProcess.executable
        p.arguments = ["validate", dir]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var writer: Int32 = -1
        for _ in 0..<2_000 where writer < 0 {
            writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer < 0 { usleep(5_000) }
        }
        #expect(writer >= 0, "relmap never opened the FIFO")
        kill(p.processIdentifier, SIGBUS)
        // Without the handler, Swift's crash reporter takes over and may never return: bound the wait.
        let deadline = Date().addingTimeInterval(20)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        if writer >= 0 { close(writer) }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationReason == .exit && p.terminationStatus == 1)
        #expect(message.contains("got shorter while it was being read"))
    }
}
