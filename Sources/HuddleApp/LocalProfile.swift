import HuddleCore
import HuddleStore

/// This user's folders, settings and device identity: what every verb needs first.
public struct LocalProfile: Sendable {
    /// Where files go.
    public let folders: Folders
    /// The settings, with command-line overrides applied.
    public let config: Config
    /// This device's identity key.
    public let identity: DeviceIdentity

    /// Resolves folders, reads the config and loads (or on first run creates) the identity.
    ///
    /// - Throws: ``LaunchError``: `.config` for a bad config file or option (exit code 2),
    ///   `.identity` for an unusable key file (exit code 1).
    public static func load(home: String?, nickname: String?, environment: [String: String]) throws(LaunchError) -> LocalProfile {
        let folders = Folders.resolve(home: home, environment: environment)
        var config: Config
        do {
            config = try Config.load(path: folders.configFile, environment: environment)
        } catch {
            throw .config(error)
        }
        if let nickname {
            if let problem = Nickname.validate(nickname) {
                throw .config(ConfigError(path: "--nick", line: nil, key: nil, problem: "nickname \(problem)"))
            }
            config.nickname = nickname
        }
        do {
            try folders.create()
        } catch {
            throw .folders("cannot create huddle's folders under \(folders.data): \(error.localizedDescription)")
        }
        do {
            let identity = try IdentityKeyFile(path: folders.identityFile).loadOrCreate()
            return LocalProfile(folders: folders, config: config, identity: identity)
        } catch {
            throw .identity(error.description)
        }
    }
}

/// Why huddle could not start; each says what to do.
public enum LaunchError: Error, CustomStringConvertible {
    /// The config file or an option is bad (exit code 2).
    case config(ConfigError)
    /// The identity key cannot be used (exit code 1): what is wrong and what to do.
    case identity(String)
    /// A folder cannot be made (exit code 1).
    case folders(String)

    public var description: String {
        switch self {
        case let .config(error): error.description
        case let .identity(problem): problem
        case let .folders(message): message
        }
    }

    /// The process exit code the README gives.
    public var exitCode: Int32 {
        if case .config = self { return 2 }
        return 1
    }
}
