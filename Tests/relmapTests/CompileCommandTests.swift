import Foundation
import Testing

/// `relmap compile`, `--cache` and `--no-cache` as a user runs them.
@Suite struct CompileCommandTests {
    func graph() throws -> String {
        let dir = try RelmapProcess.temporaryFolder()
        try RelmapProcess.write(
            "id,name,kind,status,industry,region,rm\nC1,宁德新能电池有限公司,company,client,电芯,福建,RM01\nP1,赣南锂源矿业有限公司,company,prospect,锂矿,江西,\n",
            to: dir + "/entities.csv")
        try RelmapProcess.write("source,target,type,weight\nP1,C1,supplies,2000000\n", to: dir + "/relations.csv")
        return dir
    }

    @Test func compileWritesTheSnapshotAndCommandsAnswerFromItAlike() throws {
        let dir = try graph()
        let c = try RelmapProcess.run(["compile", dir, "--lang", "en"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("Wrote \(dir)/.relmap/graph.snapshot") && c.stdout.contains("2 entities, 1 relations"))
        let fromSnapshot = try RelmapProcess.run(["chain", dir, "--to", "P1", "--format", "json"])
        let fromFiles = try RelmapProcess.run(["chain", dir, "--to", "P1", "--format", "json", "--no-cache"])
        #expect(fromSnapshot.status == 0 && fromSnapshot.stdout == fromFiles.stdout)
    }

    @Test func aDamagedSnapshotIsNamedOnStderrAndTheFilesAnswer() throws {
        let dir = try graph()
        let cache = try RelmapProcess.temporaryFolder()
        #expect(try RelmapProcess.run(["compile", dir, "--cache", cache]).status == 0)
        let name = try FileManager.default.contentsOfDirectory(atPath: cache).first { $0.hasSuffix(".snapshot") }!
        var bytes = try Data(contentsOf: URL(fileURLWithPath: cache + "/" + name))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: cache + "/" + name))
        let r = try RelmapProcess.run(["stats", dir, "--cache", cache, "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("not used: checksum mismatch"))
        let zh = try RelmapProcess.run(["stats", dir, "--cache", cache, "--lang", "zh"])
        #expect(zh.status == 0 && !zh.stderr.contains("not used"))  // rebuilt by the run before: used silently
    }

    @Test func noCacheWithCompileIsAUsageError() throws {
        #expect(try RelmapProcess.run(["compile", try graph(), "--no-cache"]).status == 2)
    }
}
