/// The rules for a nickname, shared by the config file, `--nick`, `/nick` and every Hello a
/// peer receives (a Hello whose nickname breaks them is refused, so nobody can pass as `bob`
/// with an invisible character after it).
public enum Nickname {
    /// The longest nickname, in Unicode scalars (it must fit a DNS-SD instance label too).
    public static let maxLength = 32

    /// Why `name` cannot be a nickname, or `nil` if it can.
    public static func validate(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.unicodeScalars.count > maxLength { return "must be at most \(maxLength) characters" }
        for scalar in name.unicodeScalars {
            let props = scalar.properties
            if scalar == " " || scalar == "@" || scalar == "#" || scalar == "/" || scalar == "," {
                return "must not contain spaces or any of @ # / ,"
            }
            if props.isDefaultIgnorableCodePoint || props.isVariationSelector || props.isBidiControl {
                return "must not contain control, formatting or invisible characters"
            }
            switch props.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .unassigned,
                 .privateUse, .surrogate:
                return "must not contain control, formatting or invisible characters"
            default:
                break
            }
        }
        return nil
    }
}
