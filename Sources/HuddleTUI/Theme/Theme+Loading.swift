import Foundation
import HuddleApp
import TOMLKit

/// A theme file:
///
/// ```toml
/// name = "gruvbox"
/// [roles]
/// title = { fg = "black", bg = 214, bold = true }
/// [nicks]
/// palette = [108, 175, "#83a598"]
/// ```
///
/// Colours are names (`black` ... `white`, `bright-black` ... `bright-white`, `default`),
/// palette indexes 0-255, or `#rrggbb` (shown as the nearest of the 256 colours).
/// Attributes: `bold`, `dim`, `underline`, `reverse`, `italic`. Roles a file leaves out are
/// taken from the monochrome theme; an unknown role or a bad colour rejects the whole file.
extension Theme {
    /// Parses a theme file's text.
    public static func parse(path: String, text: String) throws(ConfigError) -> Theme {
        let source = try TOMLSource(path: path, text: text)
        let table = source.table
        for key in table.keys where !["name", "roles", "nicks"].contains(key) {
            throw source.error(key, "is not a theme key (expected name, [roles], [nicks])")
        }
        let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var theme = Theme(name: table["name"]?.string ?? fileName, styles: monochrome.styles, nickPalette: [])
        if let roles = table["roles"] {
            guard let roles = roles.table else { throw source.error("roles", "must be a table of roles") }
            for key in roles.keys.sorted() {
                guard let role = ThemeRole(rawValue: key) else {
                    throw source.error(key, in: "roles", "is not a theme role (roles: \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                theme.styles[role] = try parseStyle(roles[key], key: key, source: source)
            }
        }
        if let nicks = table["nicks"]?.table, let palette = nicks["palette"] {
            guard let array = palette.array else { throw source.error("palette", in: "nicks", "must be a list of colours") }
            theme.nickPalette = try array.map { (value) throws(ConfigError) -> TerminalColor in
                guard let color = ThemeColor.parse(value) else {
                    throw source.error("palette", in: "nicks", "has a bad colour \(value.debugDescription)")
                }
                return color
            }
        }
        return theme
    }

    static func parseStyle(_ value: TOMLValueConvertible?, key: String, source: TOMLSource) throws(ConfigError) -> Style {
        guard let table = value?.table else {
            throw source.error(key, in: "roles", "must be an inline table like { fg = \"white\", bg = \"blue\" }")
        }
        var style = Style()
        for field in table.keys {
            switch field {
            case "fg", "bg":
                guard let color = table[field].flatMap(ThemeColor.parse) else {
                    throw source.error(key, in: "roles", "has a bad colour for \(field): \(table[field]?.debugDescription ?? "")")
                }
                if field == "fg" { style.foreground = color } else { style.background = color }
            default:
                guard let attribute = ThemeColor.attributes[field] else {
                    throw source.error(key, in: "roles", "has an unknown field \(field) (fg, bg, bold, dim, underline, reverse, italic)")
                }
                guard let on = table[field]?.bool else {
                    throw source.error(key, in: "roles", "needs true or false for \(field)")
                }
                if on { style.attributes.insert(attribute) }
            }
        }
        return style
    }
}

/// Colour and attribute names in theme files.
enum ThemeColor {
    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static let attributes: [String: TextAttributes] = [
        "bold": .bold, "dim": .dim, "underline": .underline, "reverse": .reverse, "italic": .italic,
    ]

    static func parse(_ value: TOMLValueConvertible) -> TerminalColor? {
        if let index = value.int { return (0...255).contains(index) ? .indexed(UInt8(index)) : nil }
        guard let text = value.string?.lowercased() else { return nil }
        if text == "default" { return .default }
        if let index = names.firstIndex(of: text) { return .indexed(UInt8(index)) }
        if text.hasPrefix("bright-"), let index = names.firstIndex(of: String(text.dropFirst(7))) {
            return .indexed(UInt8(index + 8))
        }
        if text.hasPrefix("#"), text.count == 7, let rgb = UInt32(text.dropFirst(), radix: 16) {
            return nearest(red: Int(rgb >> 16), green: Int(rgb >> 8 & 0xFF), blue: Int(rgb & 0xFF))
        }
        return nil
    }

    /// The nearest colour of the 256-colour cube and grey ramp (never the basic 16, which
    /// terminals redefine).
    static func nearest(red: Int, green: Int, blue: Int) -> TerminalColor {
        let target = (red, green, blue)
        let best = (16...255).min { Palette.distance(Palette.rgb(of: UInt8($0)), target) < Palette.distance(Palette.rgb(of: UInt8($1)), target) } ?? 16
        return .indexed(UInt8(best))
    }
}
