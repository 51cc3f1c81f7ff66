import Foundation
import Testing

/// `--out` as a user can get it wrong, and output that cannot be written (issue 15). Each command
/// goes through the same writer; a few are checked end to end here.
@Suite struct OutputTargetTests {
    /// A copy of the sample graph in a fresh folder, so that a failure cannot damage Graphs/.
    static func copyOfSample() throws -> String {
        let dir = try RelmapProcess.temporaryFolder()
        for f in ["entities.csv", "relations.csv"] {
            try FileManager.default.copyItem(atPath: RelmapProcess.root.path + "/Graphs/battery-chain/" + f, toPath: dir + "/" + f)
        }
        return dir
    }

    @Test func outOntoAnInputFileIsRefusedAndTheFileKept() throws {
        let g = try Self.copyOfSample()
        let before = try Data(contentsOf: URL(fileURLWithPath: g + "/entities.csv"))
        let commands: [[String]] = [
            ["stats", g, "--out", g + "/entities.csv"],
            ["chain", g, "--to", "GRP01", "--out", g + "/relations.csv"],
            ["map", g, "--client", "GRP01", "--out", g + "/entities.csv", "--format", "dot"],
            ["report", "referrals", g, "--out", g + "/entities.csv"],
            ["export", g, "--format", "csv", "--out", g]
        ]
        for args in commands {
            let r = try RelmapProcess.run(args + ["--lang", "en"])
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("is the input file"), "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: g + "/entities.csv")) == before)
        let json = g + "/g.json"
        #expect(try RelmapProcess.run(["export", g, "--format", "json", "--out", json]).status == 0)
        let same = try RelmapProcess.run(["export", json, "--format", "json", "--out", json, "--lang", "zh"])
        #expect(same.status == 1)
        #expect(same.stderr.contains("输入文件绝不会被覆盖"))
    }

    @Test func standardOutputByNameAndByDash() throws {
        for target in ["/dev/stdout", "-"] {
            let r = try RelmapProcess.run(["stats", "Graphs/battery-chain", "--format", "csv", "--out", target])
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("section,key,count"), "\(target): \(r.stdout.prefix(80))")
        }
    }

    @Test func fullDiskIsAMessageAndExitOne() throws {
        let p = Process()
        p.executableURL = RelmapProcess.executable
        p.arguments = ["stats", "Graphs/battery-chain", "--lang", "en"]
        p.currentDirectoryURL = RelmapProcess.root
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 1)
        #expect(message == "standard output: cannot write: no space left on device\n")
        let r = try RelmapProcess.run(["export", "Graphs/battery-chain", "--format", "graphml", "--out", "/dev/full", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/dev/full: cannot write: no space left on device"))
    }

    @Test func aClosedPipeIsAMessageNotASignal() throws {
        let p = Process()
        p.executableURL = RelmapProcess.executable
        p.arguments = ["export", "Graphs/battery-chain", "--format", "graphml", "--out", "-", "--lang", "en"]
        p.currentDirectoryURL = RelmapProcess.root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try out.fileHandleForReading.close()
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 1)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("closed the pipe"))
    }

    @Test func missingFolderAndFolderAreSaidPlainly() throws {
        let dir = try RelmapProcess.temporaryFolder()
        for args in [
            ["stats", "Graphs/battery-chain", "--out", dir + "/no/x.txt"],
            ["export", "Graphs/battery-chain", "--format", "csv", "--out", dir + "/no/x"],
            ["generate", "--entities", "100", "--out", dir + "/no/x"]
        ] {
            let r = try RelmapProcess.run(args + ["--lang", "en"])
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("the folder \(dir)/no does not exist; create it first"), "\(args): \(r.stderr)")
        }
        let folder = try RelmapProcess.run(["stats", "Graphs/battery-chain", "--out", dir, "--lang", "en"])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("is a folder"))
        #expect(!folder.stderr.contains("NSCocoaErrorDomain"))
    }
}

/// Work that grew without bound on a small graph is refused up front with what to do (issue 15).
@Suite struct UnboundedWorkTests {
    @Test func chainRefusesAnUnreadableNumberOfPaths() throws {
        let r = try RelmapProcess.run(["chain", "Graphs/battery-chain", "--to", "GRP01", "--k", "100000", "--max-hops", "8", "--lang", "en"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("ask for at most 1000"), "\(r.stderr)")
    }

    @Test func mapRefusesADrawingTooLargeToLayOut() throws {
        let r = try RelmapProcess.run(["map", "Graphs/battery-chain", "--client", "GRP01", "--max-nodes", "1000", "--format", "svg", "--lang", "zh"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("超过 500 个节点"), "\(r.stderr)")
        let dot = try RelmapProcess.run(["map", "Graphs/battery-chain", "--client", "GRP01", "--max-nodes", "1000", "--format", "dot"])
        #expect(dot.status == 0)
    }
}
