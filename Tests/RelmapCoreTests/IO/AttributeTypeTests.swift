import Foundation
import Testing
@testable import RelmapCore

/// Extra attributes keep their type through JSON and GraphML, and their exact text through every
/// format: big integers stay digits, codes with a leading zero stay codes.
@Suite struct AttributeTypeTests {
    @Test func typesAreInferredOnlyWhenEveryValueReadsBackAsWritten() {
        #expect(AttributeType.infer(["1", "20", ""]) == .integer)
        #expect(AttributeType.infer(["1", "2.5"]) == .double && AttributeType.infer(["-3e5"]) == .double)
        #expect(AttributeType.infer(["true", "false"]) == .boolean)
        for text in [["007"], ["12345678901234567"], ["6222021234567890123"], ["1", "x"], ["+1"], ["1."], [".5"], ["1e"], ["true", "1"]] {
            #expect(AttributeType.infer(text) == .string, "\(text)")
        }
    }

    @Test func jsonAndGraphMLKeepTypesAndDigits() throws {
        let dir = NSTemporaryDirectory() + "relmap-types-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let json = """
            {"entities":[{"id":"A","name":"甲","employees":12345678901234567,"staff":120,"listed":true,"ratio":0.1234567890123,"code":"007"},
                         {"id":"B","name":"乙","staff":7,"listed":false}],
             "relations":[{"source":"A","target":"B","type":"supplies","weight":1234567.891}]}
            """
        try json.write(toFile: dir + "/in.json", atomically: true, encoding: .utf8)
        let g = try GraphLoader.load(dir + "/in.json").graph
        let a = g.index(ofID: "A")!
        #expect(g.entities.attribute("employees", of: a) == "12345678901234567")
        try GraphExport.write(g, format: .json, to: dir + "/out.json")
        let out = try String(contentsOfFile: dir + "/out.json", encoding: .utf8)
        #expect(out.contains("\"staff\" : 120") && out.contains("\"listed\" : true") && out.contains("\"ratio\" : 0.1234567890123"))
        #expect(out.contains("\"employees\" : \"12345678901234567\"") && out.contains("\"code\" : \"007\""))
        try GraphExport.write(g, format: .graphml, to: dir + "/out.graphml")
        let xml = try String(contentsOfFile: dir + "/out.graphml", encoding: .utf8)
        #expect(xml.contains("attr.name=\"staff\" attr.type=\"long\"") && xml.contains("attr.name=\"listed\" attr.type=\"boolean\""))
        #expect(xml.contains("attr.name=\"ratio\" attr.type=\"double\"") && xml.contains("attr.name=\"employees\" attr.type=\"string\""))
        // Every format reads back the same text.
        for path in [dir + "/out.json", dir + "/out.graphml"] {
            let back = try GraphLoader.load(path).graph
            for column in ["employees", "staff", "listed", "ratio", "code"] {
                #expect(back.entities.attribute(column, of: back.index(ofID: "A")!) == g.entities.attribute(column, of: a), "\(path) \(column)")
            }
            #expect(back.relations.weights == g.relations.weights)
        }
    }
}
