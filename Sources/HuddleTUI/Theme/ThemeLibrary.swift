import Foundation
import HuddleApp

/// Finds theme files by name: the user's own first, then the ones huddle ships.
public struct ThemeLibrary: Sendable {
    /// Folders searched in order.
    public let folders: [String]

    /// Searches `folders` in order.
    public init(folders: [String]) {
        self.folders = folders
    }

    /// The usual places: `HUDDLE_THEMES`, the config folder's `themes/`, then the `themes/`
    /// folder that ships beside the executable (`share/huddle/themes`, or the source tree's).
    public static func standard(configFolder: String, environment: [String: String]) -> ThemeLibrary {
        var folders: [String] = []
        if let custom = environment["HUDDLE_THEMES"], !custom.isEmpty { folders.append(custom) }
        folders.append(configFolder + "/themes")
        var directory = (executablePath() as NSString).deletingLastPathComponent
        while directory.count > 1 {
            for candidate in [directory + "/share/huddle/themes", directory + "/themes"]
            where FileManager.default.fileExists(atPath: candidate + "/default.toml") {
                folders.append(candidate)
            }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return ThemeLibrary(folders: folders)
    }

    /// The names of every theme found, sorted.
    public var names: [String] {
        let files = folders.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
        return Set(files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }).sorted()
    }

    /// Loads theme `name`; a missing or bad file is an error that names it.
    public func load(_ name: String) throws(ConfigError) -> Theme {
        guard !name.contains("/"), !name.hasPrefix(".") else {
            throw ConfigError(path: name, line: nil, key: nil, problem: "is not a theme name")
        }
        for folder in folders {
            let path = folder + "/" + name + ".toml"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigError(path: path, line: nil, key: nil, problem: "is not UTF-8 text")
            }
            return try Theme.parse(path: path, text: text)
        }
        let known = names.isEmpty ? "none found" : names.joined(separator: ", ")
        throw ConfigError(path: name, line: nil, key: nil, problem: "is not a theme (themes: \(known))")
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
