import TOMLKit

/// A parsed TOML file that remembers its text, so that errors can name the line of a key.
///
/// TOMLKit reports where a syntax error is, but not where a well-formed key stands; huddle's
/// messages always name the file, line and key, so this finds the line from the text.
public struct TOMLSource {
    /// The file's path, for messages.
    public let path: String
    /// The parsed top-level table.
    public let table: TOMLTable
    let lines: [Substring]

    /// Parses `text`; a syntax error becomes a ``ConfigError`` naming the file and line.
    public init(path: String, text: String) throws(ConfigError) {
        self.path = path
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(path: path, line: error.source.begin.line, key: nil,
                              problem: "is not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(path: path, line: nil, key: nil, problem: "is not valid TOML")
        }
    }

    /// The 1-based line where `key` is set inside the table `section` (`nil` = top level).
    public func line(of key: String, in section: String? = nil) -> Int? {
        var current: String?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces
            if line.hasPrefix("[") {
                let name = line.drop { $0 == "[" }.prefix { $0 != "]" }
                current = String(name).trimmingSpaces
                continue
            }
            guard current == section else { continue }
            let name = line.prefix { $0 != "=" }.trimmingSpaces.trimmingCharacters(of: "\"'")
            if name == key, line.contains("=") { return index + 1 }
        }
        return nil
    }

    /// An error about `key` (in `section`), naming the file and the key's line.
    public func error(_ key: String, in section: String? = nil, _ problem: String) -> ConfigError {
        let shown = section.map { "\($0).\(key)" } ?? key
        return ConfigError(path: path, line: line(of: key, in: section), key: shown, problem: problem)
    }
}

/// A configuration or theme file that cannot be used: where, which key, and what is wrong.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The 1-based line, where known.
    public let line: Int?
    /// The key, dotted with its table, where the problem is one key's.
    public let key: String?
    /// What is wrong, as the end of a sentence ("must be a string").
    public let problem: String

    /// An error in `path`.
    public init(path: String, line: Int?, key: String?, problem: String) {
        self.path = path
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        if let key { return "\(place): \(key) \(problem)" }
        return "\(place): \(problem)"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }

    func trimmingCharacters(of set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
