import Testing

@testable import RelmapCore

@Test func relationTypeNamesRoundTrip() {
    for type in RelationType.allCases {
        #expect(RelationType(name: type.name) == type)
    }
    #expect(RelationType(name: "suplies") == nil)
}
