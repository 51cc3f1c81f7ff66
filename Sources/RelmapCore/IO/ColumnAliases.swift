/// Column names as a bank's own systems export them (核心系统、CRM 的中文表头), accepted for the
/// contract's columns: an RM exports 客户编号, 客户名称, 客户类型 ... from the CRM and loads the file
/// as it is. One table per file; parsing, the "did you mean" of an unknown column and the README's
/// list all come from here.
///
/// A name is matched after trimming and lower-casing (English) as written; full-width brackets
/// and spaces inside Chinese names are not special. `类型` means `kind` in entities.csv and `type`
/// in relations.csv, which is why the tables are per file.
public enum ColumnAliases {
    /// entities.csv: alias -> contract column.
    public static let entities: [String: String] = table([
        "id": ["客户编号", "客户号", "编号", "主体编号", "企业编号"],
        "name": ["客户名称", "名称", "企业名称", "公司名称", "主体名称", "客户名"],
        "kind": ["客户类型", "主体类型", "类型"],
        "status": ["客户状态", "状态"],
        "industry": ["所属行业", "行业"],
        "region": ["地区", "所属地区", "区域", "省份"],
        "tier": ["客户层级", "层级", "客户分层"],
        "rm": ["客户经理", "客户经理编号", "归属客户经理", "管户客户经理"],
        "value": ["综合贡献", "贡献度", "价值"],
        "size": ["规模", "营业收入", "年营业收入", "企业规模"],
        "stage": ["关系阶段", "阶段", "营销阶段"],
        "client_since": ["开户日期", "成为客户日期", "建立关系日期"]
    ])

    /// relations.csv: alias -> contract column. For `supplies`, the source sells to the target.
    public static let relations: [String: String] = table([
        "source": ["供应方", "卖方", "起点", "来源方"],
        "target": ["采购方", "买方", "终点", "目标方"],
        "type": ["关系类型", "类型"],
        "weight": ["金额", "交易金额", "年交易额", "交易额"],
        "strength": ["关系强度", "强度"],
        "date": ["日期", "关系日期", "开始日期"],
        "outcome": ["结果", "推荐结果"]
    ])

    private static func table(_ byColumn: [String: [String]]) -> [String: String] {
        var out: [String: String] = [:]
        for (column, aliases) in byColumn {
            for alias in aliases {
                precondition(out[alias] == nil, "alias \(alias) given twice")
                out[alias] = column
            }
        }
        return out
    }

    /// The aliases of each contract column, in the contract's order (for messages and the README).
    public static func listed(_ aliases: [String: String], columns: [String]) -> [(column: String, aliases: [String])] {
        columns.map { c in (c, aliases.filter { $0.value == c }.map(\.key).sorted()) }.filter { !$0.aliases.isEmpty }
    }
}
