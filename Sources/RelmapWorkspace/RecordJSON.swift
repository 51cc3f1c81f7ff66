import Foundation
import RelmapCore

/// The records as JSON, with the API's keys (snake_case), days as `YYYY-MM-DD` and relation types,
/// outcomes and statuses by name, as `Records.swift` documents them. (The synthesized forms
/// would write a day as `{"daysSince1970": ...}` and a relation type as a number.) Moments
/// (`recorded_at`, `updated_at`, `at`) follow the encoder's date strategy.
extension KeyedEncodingContainer {
    mutating func encodeDay(_ day: Day?, forKey key: Key) throws {
        try encode(day?.description, forKey: key)
    }
}

extension KeyedDecodingContainer {
    func decodeDay(forKey key: Key) throws -> Day? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let day = ValueParsing.parseDay(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is not a date (YYYY-MM-DD)")
        }
        return day
    }

    func decodeNamed<T>(forKey key: Key, _ make: (String) -> T?, empty: T? = nil) throws -> T {
        let text = try decode(String.self, forKey: key)
        if text.isEmpty, let empty { return empty }
        guard let value = make(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value '\(text)'")
        }
        return value
    }
}

extension Activity {
    enum CodingKeys: String, CodingKey { case id, rm, user, target, kind, date, outcome, note, people, recordedAt = "recorded_at" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let date = try c.decodeDay(forKey: .date) else {
            throw DecodingError.valueNotFound(Day.self, .init(codingPath: c.codingPath + [CodingKeys.date], debugDescription: "no date"))
        }
        self.init(
            id: try c.decode(Int64.self, forKey: .id), rm: try c.decode(String.self, forKey: .rm), user: try c.decode(String.self, forKey: .user),
            target: try c.decode(String.self, forKey: .target), kind: try c.decode(ActivityKind.self, forKey: .kind), date: date,
            outcome: try c.decode(String.self, forKey: .outcome), note: try c.decode(String.self, forKey: .note),
            people: try c.decode([String].self, forKey: .people), recordedAt: try c.decode(Date.self, forKey: .recordedAt))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(rm, forKey: .rm)
        try c.encode(user, forKey: .user)
        try c.encode(target, forKey: .target)
        try c.encode(kind, forKey: .kind)
        try c.encodeDay(date, forKey: .date)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(note, forKey: .note)
        try c.encode(people, forKey: .people)
        try c.encode(recordedAt, forKey: .recordedAt)
    }
}

extension PipelineEntry {
    enum CodingKeys: String, CodingKey {
        case rm, target, stage, status, nextStep = "next_step", due, version, updatedBy = "updated_by", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            rm: try c.decode(String.self, forKey: .rm), target: try c.decode(String.self, forKey: .target),
            stage: try c.decode(Int.self, forKey: .stage), status: try c.decode(PipelineStatus.self, forKey: .status),
            nextStep: try c.decode(String.self, forKey: .nextStep), due: try c.decodeDay(forKey: .due),
            version: try c.decode(Int.self, forKey: .version), updatedBy: try c.decode(String.self, forKey: .updatedBy),
            updatedAt: try c.decode(Date.self, forKey: .updatedAt))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rm, forKey: .rm)
        try c.encode(target, forKey: .target)
        try c.encode(stage, forKey: .stage)
        try c.encode(status, forKey: .status)
        try c.encode(nextStep, forKey: .nextStep)
        try c.encodeDay(due, forKey: .due)
        try c.encode(version, forKey: .version)
        try c.encode(updatedBy, forKey: .updatedBy)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

extension PipelineChange {
    enum CodingKeys: String, CodingKey { case rm, target, stage, status, nextStep = "next_step", due, version, user, at }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            rm: try c.decode(String.self, forKey: .rm), target: try c.decode(String.self, forKey: .target),
            stage: try c.decode(Int.self, forKey: .stage), status: try c.decode(PipelineStatus.self, forKey: .status),
            nextStep: try c.decode(String.self, forKey: .nextStep), due: try c.decodeDay(forKey: .due),
            version: try c.decode(Int.self, forKey: .version), user: try c.decode(String.self, forKey: .user),
            at: try c.decode(Date.self, forKey: .at))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rm, forKey: .rm)
        try c.encode(target, forKey: .target)
        try c.encode(stage, forKey: .stage)
        try c.encode(status, forKey: .status)
        try c.encode(nextStep, forKey: .nextStep)
        try c.encodeDay(due, forKey: .due)
        try c.encode(version, forKey: .version)
        try c.encode(user, forKey: .user)
        try c.encode(at, forKey: .at)
    }
}

extension RecordedRelation {
    enum CodingKeys: String, CodingKey {
        case id, rm, user, source, target, type, date, outcome, strength, weight, role, note, sourceTag = "source_tag", recordedAt = "recorded_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(Int64.self, forKey: .id), rm: try c.decode(String.self, forKey: .rm), user: try c.decode(String.self, forKey: .user),
            source: try c.decode(String.self, forKey: .source), target: try c.decode(String.self, forKey: .target),
            type: try c.decodeNamed(forKey: .type, RelationType.init(name:)), date: try c.decodeDay(forKey: .date),
            outcome: try c.decodeNamed(forKey: .outcome, ReferralOutcome.init(name:), empty: ReferralOutcome.none),
            strength: try c.decodeIfPresent(Double.self, forKey: .strength), weight: try c.decodeIfPresent(Double.self, forKey: .weight),
            role: try c.decode(String.self, forKey: .role), note: try c.decode(String.self, forKey: .note),
            recordedAt: try c.decode(Date.self, forKey: .recordedAt))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(rm, forKey: .rm)
        try c.encode(user, forKey: .user)
        try c.encode(source, forKey: .source)
        try c.encode(target, forKey: .target)
        try c.encode(type.name, forKey: .type)
        try c.encodeDay(date, forKey: .date)
        try c.encode(outcome.name, forKey: .outcome)
        try c.encode(strength, forKey: .strength)
        try c.encode(weight, forKey: .weight)
        try c.encode(role, forKey: .role)
        try c.encode(note, forKey: .note)
        try c.encode("rm_note", forKey: .sourceTag)
        try c.encode(recordedAt, forKey: .recordedAt)
    }
}
