import Foundation

/// Changes single settings in `config.toml` and keeps the rest of the file, comments and
/// all, as the user wrote it.
public struct ConfigFile: Sendable {
    /// The file.
    public let path: String

    /// The config file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Sets a top-level string `key`, replacing its line or adding one at the top; the file
    /// is replaced atomically.
    public func set(_ key: String, to value: String) throws {
        let old = FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) } ?? ""
        let assignment = "\(key) = \(Self.quoted(value))"
        var lines = old.isEmpty ? [] : old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let line = try TOMLSource(path: path, text: old).line(of: key) {
            lines[line - 1] = assignment
        } else {
            lines.insert(assignment, at: 0)
        }
        var text = lines.joined(separator: "\n")
        if !text.hasSuffix("\n") { text += "\n" }
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// A TOML basic string.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
