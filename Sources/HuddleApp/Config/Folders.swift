import Foundation

/// Where huddle keeps its files, following the XDG base directory layout.
///
/// | folder    | default                                    | with `--home DIR` |
/// |-----------|--------------------------------------------|-------------------|
/// | config    | `$XDG_CONFIG_HOME/huddle` (`~/.config/huddle`)   | `DIR`             |
/// | data      | `$XDG_DATA_HOME/huddle` (`~/.local/share/huddle`) | `DIR/data`        |
/// | downloads | `$XDG_DOWNLOAD_DIR`, else `~/Downloads/huddle`    | `DIR/downloads`   |
/// | runtime   | `$XDG_RUNTIME_DIR/huddle`, else data `/run`       | `DIR/run`         |
public struct Folders: Equatable, Sendable {
    /// Holds `config.toml`.
    public var config: String
    /// Holds the identity key and the database.
    public var data: String
    /// Where received files land.
    public var downloads: String
    /// Holds the control socket.
    public var runtime: String

    /// The configuration file.
    public var configFile: String { config + "/config.toml" }
    /// The identity key file.
    public var identityFile: String { data + "/identity" }
    /// The running peer's control socket.
    public var controlSocket: String { runtime + "/huddle.sock" }
    /// The SQLite database.
    public var database: String { data + "/huddle.sqlite" }

    /// Resolves the folders from an explicit home (`--home`), else `HUDDLE_HOME`, else XDG.
    public static func resolve(home: String?, environment: [String: String]) -> Folders {
        if let home = home ?? environment["HUDDLE_HOME"], !home.isEmpty {
            let root = absolute(home, environment: environment)
            return Folders(config: root, data: root + "/data", downloads: root + "/downloads", runtime: root + "/run")
        }
        let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func xdg(_ name: String, _ fallback: String) -> String {
            if let value = environment[name], value.hasPrefix("/") { return value }
            return user + "/" + fallback
        }
        let data = xdg("XDG_DATA_HOME", ".local/share") + "/huddle"
        let downloads = environment["XDG_DOWNLOAD_DIR"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? user + "/Downloads/huddle"
        let runtime = environment["XDG_RUNTIME_DIR"].flatMap { $0.hasPrefix("/") ? $0 + "/huddle" : nil }
            ?? data + "/run"
        return Folders(config: xdg("XDG_CONFIG_HOME", ".config") + "/huddle", data: data,
                       downloads: downloads, runtime: runtime)
    }

    /// Creates the config, data and runtime folders (mode 0700) if they are missing.
    public func create() throws {
        for folder in [config, data, runtime] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
    }

    static func absolute(_ path: String, environment: [String: String]) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/") {
            path = (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
        }
        if !path.hasPrefix("/") {
            path = FileManager.default.currentDirectoryPath + "/" + path
        }
        return (path as NSString).standardizingPath
    }
}
