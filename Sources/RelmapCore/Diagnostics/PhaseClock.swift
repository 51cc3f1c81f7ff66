import Foundation

/// Phase timings, printed to standard error when RELMAP_TRACE is set: where a load's time goes.
struct PhaseClock {
    private let label: String
    private var last = DispatchTime.now()
    private var laps: [(String, Double)] = []
    private let enabled = ProcessInfo.processInfo.environment["RELMAP_TRACE"] != nil

    init(label: String = "load") { self.label = label }

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        laps.append((name, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { "\($0.0) \(String(format: "%.3f", $0.1)) s" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("\(label): \(text)\n".utf8))
    }
}
