import Foundation

/// One folder per test process under the system's temporary folder, removed when the process
/// exits. Tests hand their paths to loaders, caches (which write `.relmap/` beside a file), the
/// `relmap` executable and each other, so removing everything at exit is surer than tying each
/// path to one scope. A plain target that only the test targets depend on, so that every test
/// target shares this one helper.
public enum TestScratch {
    public static let folder: String = {
        let path = NSTemporaryDirectory() + "relmap-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestScratch.folder) }
        return path
    }()
}
