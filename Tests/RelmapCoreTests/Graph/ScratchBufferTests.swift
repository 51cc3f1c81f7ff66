import Testing

@testable import RelmapCore

@Suite struct ScratchBufferTests {
    @Test func holdsWhatIsWrittenAndFills() {
        let b = ScratchBuffer<Int32>(repeating: -1, count: 5)
        #expect(b.count == 5)
        #expect((0..<5).map { b[$0] } == [-1, -1, -1, -1, -1])
        b[2] = 7
        b.withUnsafeMutableBufferPointer { $0[4] = 9 }
        #expect((0..<5).map { b[$0] } == [-1, -1, 7, -1, 9])
        b.fill(with: 0)
        #expect(b.withUnsafeMutableBufferPointer { Array($0) } == [0, 0, 0, 0, 0])
    }

    @Test func anEmptyBufferIsUsable() {
        let b = ScratchBuffer<Double>(repeating: 0, count: 0)
        #expect(b.count == 0)
        #expect(b.withUnsafeMutableBufferPointer { $0.count } == 0)
        b.fill(with: 1)
    }

    /// Field bounds share one buffer between copies until a copy starts a record: then it takes
    /// its own, and the other copy's bounds stay as they were (parts are copied from a template).
    @Test func fieldBoundsCopiesDoNotShareWrites() {
        var a = FieldBounds()
        a.append(1, 4)
        var b = a
        b.count = 0
        b.append(10, 20)
        #expect(a.start(0) == 1 && a.end(0) == 4)
        #expect(b.start(0) == 10 && b.end(0) == 20)
        // Past the kept capacity, fields are counted, not stored.
        for k in 1...FieldBounds.capacity { b.append(k, k) }
        #expect(b.count == FieldBounds.capacity + 1)
        #expect(b.start(FieldBounds.capacity) == 0)
    }
}
