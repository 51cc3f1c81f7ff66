import Foundation
import Testing

@Suite struct GenerateCommandTests {
    /// The same seed writes the same files in two separate runs. Two processes, because a
    /// dictionary's order is seeded per process: an order that leaks into the output agrees with
    /// itself inside one process and differs between two (client_since once did).
    @Test func theSameSeedWritesTheSameWorldInTwoRuns() throws {
        let dir = try RelmapProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for run in ["a", "b"] {
            let r = try RelmapProcess.run(["generate", "--entities", "5000", "--seed", "3", "--payments", "500", "--out", dir + "/" + run])
            #expect(r.status == 0, "\(r.stderr)")
        }
        for file in ["entities.csv", "relations.csv", "payments.csv"] {
            let a = FileManager.default.contents(atPath: dir + "/a/" + file), b = FileManager.default.contents(atPath: dir + "/b/" + file)
            #expect(a != nil && a == b, "\(file) differs between two runs of the same seed")
        }
    }
}
