import Foundation

/// What the machine offers, read once. Every kernel that splits its work defaults to all the
/// cores the process may use (a container's CPU limit included), not to a number fixed when it
/// was written: the same binary runs on a 2-core laptop and a 32-core server.
public enum Machine {
    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
