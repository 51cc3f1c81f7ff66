import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// `relmap record`: what an RM learned that the base files do not have: a relation (a referral,
/// an acquaintance, a role, a supplier), a correction (a relation or entity marked wrong), or a
/// new person or company.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a relation, mark a relation or entity wrong, or add a new person or company.",
        discussion: """
            One of:
              --source ID --target ID --type TYPE [--date D] [--outcome won|pending|lost] [--strength S] [--weight W] [--role R] [--note T]
              --wrong-relation SRC,TGT,TYPE --note WHY      (suppressed in every answer, never deleted)
              --wrong-entity ID --note WHY
              --new-person NAME | --new-company NAME [--industry I] [--note T]   (prints the new ws-N id)
            Types: refers (a referral: introducer to target, with an outcome), knows (an acquaintance, with strength),
            works_at (a person's role at a company), supplies (a customer is supplies the other way round), owns,
            guarantees, member_of. Records carry the source tag rm_note, the user and the day.
            Acting --user is trusted: whoever can write the workspace file may act as any of its users.
            Exit status: 0 done, 1 a data problem (unknown entity or user), 2 bad usage or a bad field.
            """)

    @OptionGroup var options: RecordOptions
    @Option(help: "The relation's source (id or name): the introducer of a referral, the person of works_at, the supplier.")
    var source: String?
    @Option(help: "The relation's target (id or name).")
    var target: String?
    @Option(help: "refers, knows, works_at, supplies, owns, guarantees or member_of.")
    var type: RelationType?
    @Option(help: "When it happened or was learned (YYYY-MM-DD).")
    var date: Day?
    @Option(help: "A referral's outcome: won, pending or lost.")
    var outcome: ReferralOutcome?
    @Option(help: "How strong the tie is, above 0 and at most 1.")
    var strength: Double?
    @Option(help: "The relation's weight (a yearly amount for supplies), 0 or more.")
    var weight: Double?
    @Option(help: "A person's role at the company (works_at).")
    var role: String = ""
    @Option(help: "A note; for a correction, why it is wrong.")
    var note: String = ""
    @Option(help: "Mark the relations SRC,TGT,TYPE wrong.")
    var wrongRelation: String?
    @Option(help: "Mark this entity wrong (it and its relations leave the answers).")
    var wrongEntity: String?
    @Option(help: "Add a person the graph does not have.")
    var newPerson: String?
    @Option(help: "Add a company the graph does not have.")
    var newCompany: String?
    @Option(help: "The new company's or person's industry.")
    var industry: String = ""

    func validate() throws {
        let relation = source != nil || target != nil || type != nil
        let modes = [relation, wrongRelation != nil, wrongEntity != nil, newPerson != nil, newCompany != nil].filter { $0 }.count
        if modes != 1 {
            throw ValidationError("give one of: --source/--target/--type, --wrong-relation, --wrong-entity, --new-person, --new-company")
        }
        if relation && (source == nil || target == nil || type == nil) {
            throw ValidationError("a relation needs --source, --target and --type")
        }
        if !relation && (date != nil || outcome != nil || strength != nil || weight != nil || !role.isEmpty) {
            throw ValidationError("--date, --outcome, --strength, --weight and --role describe a relation; give them with --source/--target/--type")
        }
        if let wrongRelation, commaList(wrongRelation).count != 3 {
            throw ValidationError("--wrong-relation takes SOURCE,TARGET,TYPE (three values separated by commas)")
        }
        if (newPerson == nil && newCompany == nil) && !industry.isEmpty {
            throw ValidationError("--industry goes with --new-person or --new-company")
        }
    }

    func run() async throws {
        let context = try options.open()
        let lang = context.language
        let user = context.user, exists = context.exists
        if let source, let target, let type {
            let draft = RelationDraft(
                source: try context.entityID(source), target: try context.entityID(target), type: type, date: date,
                outcome: outcome ?? .none, strength: strength, weight: weight, role: role, note: note)
            let r = try context.run { try $0.recordRelation(draft, by: user, exists: exists) }
            print(
                lang(
                    "recorded relation \(r.id): \(r.source) \(r.type.name) \(r.target) (rm_note, book \(r.rm))",
                    "已记录关系 \(r.id)：\(r.source) \(r.type.name) \(r.target)（rm_note，归入 \(r.rm) 名下）"))
        } else if let wrongRelation {
            let parts = commaList(wrongRelation)
            guard let type = RelationType(name: parts[2]) else {
                throw RelmapError.usage(
                    lang(
                        "'\(parts[2])' is not a relation type; use \(RelationType.allValueStrings.joined(separator: ", "))",
                        "'\(parts[2])' 不是关系类型；请使用 \(RelationType.allValueStrings.joined(separator: "、"))"))
            }
            let subject = Suppression.Subject.relation(source: try context.entityID(parts[0]), target: try context.entityID(parts[1]), type: type)
            let c = try context.run { try $0.recordCorrection(CorrectionDraft(subject: subject, note: note), by: user, exists: exists) }
            print(
                lang(
                    "marked wrong (correction \(c.id)): \(parts[0]) \(type.name) \(parts[1])",
                    "已标记为错误（更正 \(c.id)）：\(parts[0]) \(type.name) \(parts[1])"))
        } else if let wrongEntity {
            let id = try context.entityID(wrongEntity)
            let c = try context.run { try $0.recordCorrection(CorrectionDraft(subject: .entity(id: id), note: note), by: user, exists: exists) }
            print(lang("marked wrong (correction \(c.id)): entity \(id)", "已标记为错误（更正 \(c.id)）：主体 \(id)"))
        } else if let name = newPerson ?? newCompany {
            let draft = EntityDraft(name: name, kind: newPerson != nil ? .person : .company, industry: industry, note: note)
            let e = try context.run { try $0.recordEntity(draft, by: user) }
            print(e.id)
            Console.error(
                lang(
                    "recorded \(e.kind.name) '\(e.name)' as \(e.id); use this id in relmap log and relmap record",
                    "已登记\(e.kind == .person ? "人员" : "企业")'\(e.name)'，编号 \(e.id)；在 relmap log 和 relmap record 中使用此编号"))
        }
    }
}
