import Foundation
import Testing

@testable import RelmapCore

/// The `--out` rules (issue 15): inputs never overwritten, special files written through, one
/// rule for a missing folder, write errors as messages.
@Suite struct OutputFileTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "relmap-out-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let RelmapError.io(_, reason) { return reason } catch { return "\(error)" }
    }

    @Test func writesANewFileAndReplacesAnOldOneKeepingItsMode() throws {
        let dir = try Self.folder()
        let path = dir + "/a.txt"
        try OutputFile.write(Array("one".utf8), to: path, lang: .en)
        chmod(path, 0o640)
        try OutputFile.write(Array("two".utf8), to: path, lang: .en)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.txt"])
    }

    @Test func refusesAnInputFileAlsoThroughASymlink() throws {
        let dir = try Self.folder()
        let input = dir + "/entities.csv"
        try Data("id,name\n".utf8).write(to: URL(fileURLWithPath: input))
        InputFiles.register(input)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: input)
        for target in [input, dir + "/link.csv", dir + "/./entities.csv"] {
            #expect(reason { try OutputFile.write(Array("x".utf8), to: target, lang: .en) }?.contains("is the input file") == true)
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "id,name\n")
        let other = dir + "/rules.yaml"
        try Data("keep: []".utf8).write(to: URL(fileURLWithPath: other))
        #expect(reason { try OutputFile.write(Array("x".utf8), to: other, inputs: [other], lang: .zh) }?.contains("输入文件") == true)
    }

    @Test func writesThroughASymlinkToItsTargetAndIntoAFIFO() throws {
        let dir = try Self.folder()
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/real.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.txt", withDestinationPath: "real.txt")
        try OutputFile.write(Array("new".utf8), to: dir + "/link.txt", lang: .en)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.txt") == "real.txt")
        #expect(try String(contentsOfFile: dir + "/real.txt", encoding: .utf8) == "new")

        let fifo = dir + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let reader = Thread { received = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data() }
        reader.start()
        try OutputFile.write(Array("through".utf8), to: fifo, lang: .en)
        while !reader.isFinished { usleep(1000) }
        #expect(String(decoding: received, as: UTF8.self) == "through")
        var info = stat()
        lstat(fifo, &info)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        try OutputFile.write(Array("gone".utf8), to: "/dev/null", lang: .en)
    }

    @Test func missingFolderAndFolderTargetsAreRefusedWithTheirReason() throws {
        let dir = try Self.folder()
        #expect(
            reason { try OutputFile.write(Array("x".utf8), to: dir + "/no/such/a.txt", lang: .en) }
                == "the folder \(dir)/no/such does not exist; create it first (mkdir -p \(dir)/no/such) or correct the path")
        #expect(reason { try OutputFile.write(Array("x".utf8), to: dir, lang: .en) }?.hasPrefix("is a folder") == true)
        #expect(reason { try OutputFile.prepareFolder(dir + "/no/such", lang: .en) }?.contains("does not exist") == true)
        try OutputFile.prepareFolder(dir + "/new", lang: .en)
        #expect(FileManager.default.fileExists(atPath: dir + "/new"))
    }

    @Test func aFullDeviceIsAnErrorNotATrap() throws {
        #expect(
            reason { try OutputFile.write(Array(repeating: 0x41, count: 10), to: "/dev/full", lang: .en) }
                == "cannot write: no space left on device")
        #expect(
            reason { try OutputFile.write(Array(repeating: 0x41, count: 10), to: "/dev/full", lang: .zh) }
                == "无法写入：设备空间已满")
    }

    /// An error half-way leaves the old file as it was and no temporary file behind.
    @Test func aFailedWriteLeavesTheOldFile() throws {
        let dir = try Self.folder()
        let path = dir + "/report.md"
        try Data("old report".utf8).write(to: URL(fileURLWithPath: path))
        do {
            let out = try OutputFile(path, lang: .en)
            try out.write(Array("half".utf8))
            // dropped without finish(): as when rendering throws half-way
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.md"])
    }
}
