import Foundation
import Testing

/// Runs the built `relmap` executable as a user would, capturing its output and exit status.
struct RelmapProcess {
    var status: Int32
    var stdout: String
    var stderr: String

    static let executable: URL = {
        // The test bundle sits in the same products folder as the executable (.build/debug).
        var candidates: [URL] = [
            Bundle.main.bundleURL.appendingPathComponent("relmap"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("relmap")
        ]
        for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("relmap")) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/relmap"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// The package root, for paths such as Graphs/battery-chain.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @discardableResult
    static func run(_ arguments: [String], input: Data? = nil) throws -> RelmapProcess {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        // Standard input is the given bytes, or empty: never the test runner's own.
        let inPipe = Pipe()
        p.standardInput = inPipe
        try p.run()
        if let input, !input.isEmpty {
            // A command that exits without reading must not kill the tests with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            try? inPipe.fileHandleForWriting.write(contentsOf: input)
        }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes while the process runs so that large outputs cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        p.waitUntilExit()
        group.wait()
        return RelmapProcess(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "relmap-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
