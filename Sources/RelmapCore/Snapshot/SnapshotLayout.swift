/// The on-disk layout of a graph snapshot. All integers little-endian.
///
/// ```
/// 0   magic "RELMAPSN"                 8 bytes
/// 8   format version                   UInt32
/// 12  section count                    UInt32
/// 16  file length                      UInt64  (a truncated file is caught here)
/// 24  table checksum                   UInt64  (bytes 0..<24 and the section table)
/// 32  section table: per section       tag UInt32, element size UInt32, offset UInt64,
///                                      byte length UInt64, checksum UInt64   (32 bytes)
/// ... sections, each starting on a 16-byte boundary
/// ```
/// Section 1 (`meta`) is JSON (`SnapshotMeta`): the build, the inputs' fingerprints, counts,
/// extra column names and the warnings found when the files were loaded. Every other section is a
/// flat array, copied into its Swift array with one `memcpy`.
///
/// Besides the graph, sections 80 to 87 hold its value-chain projection (`ValueChainProjection`)
/// and section 90 every relation's tie strength (`TieStrength`, before aging): both depend on the
/// graph alone and cost more to derive than to read, so the questions after the first one read
/// them (on first use, `StoredPart`) instead of deriving them again.
enum SnapshotLayout {
    static let magic: [UInt8] = Array("RELMAPSN".utf8)
    /// Bumped whenever the layout or a column's meaning changes; other versions are refused.
    static let formatVersion: UInt32 = 4
    /// The build that wrote the snapshot; a snapshot from another build is refused too, since
    /// the id index's hash function and the enums' raw values are the build's, not the format's.
    static let buildVersion = "relmap-core 0.1.0 (snapshot format 4)"
    static let headerBytes = 32
    static let tableEntryBytes = 32
    static let alignment = 16
    /// A sane ceiling: a table longer than this is a hostile or garbled header, not a graph.
    static let maxSections: UInt32 = 100_000

    /// Section tags. Extra columns take `entityExtraBase + 2k` (offsets) and `+ 2k + 1` (bytes).
    enum Tag: UInt32 {
        case meta = 1
        case idOffsets = 10, idBytes, nameOffsets, nameBytes, kinds, statuses
        case industryCodes, industryDictOffsets, industryDictBytes
        case regionCodes, regionDictOffsets, regionDictBytes
        case rmCodes, rmDictOffsets, rmDictBytes
        case tiers, stages, values, sizes, clientSince
        case sources = 40, targets, types, weights, strengths, dates, outcomes
        case outOffsets = 60, inOffsets, inRelations, idSlots
        case chainEntityOfNode = 80, chainNodeOfEntity, chainComponentStarts, chainOffsets, chainTargets
        case chainWeights, chainStrengths, chainCouplings
        case tieStrengths = 90

    }
    static let entityExtraBase: UInt32 = 1000
    static let relationExtraBase: UInt32 = 100_000_000

    static var isLittleEndianHost: Bool { UInt32(1).littleEndian == 1 }
}

/// What the snapshot says about itself and its inputs (section `meta`, JSON).
struct SnapshotMeta: Codable, Equatable, Sendable {
    var build: String
    var graph: String
    var inputs: [InputFingerprint]
    var entityCount: Int
    var relationCount: Int
    var entityExtra: [String]
    var relationExtra: [String]
    /// Each extra column's type, in the order of the names above.
    var entityExtraTypes: [AttributeType]
    var relationExtraTypes: [AttributeType]
    var idSlotCount: Int
    var idCount: Int
    /// The loader's warnings, so that answering from a snapshot reports what loading the files
    /// would have: the count and the first ones verbatim (errors never reach a snapshot).
    var warningCount: Int
    var warnings: [Diagnostic]
    var encodings: [String: String]
}
