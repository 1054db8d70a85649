import Foundation
import HuddleCore
import TOMLKit

/// The user's settings, from `config.toml`. Every key is optional.
///
/// ```toml
/// nickname = "ada"
/// theme = "gruvbox"
/// bell = true
/// ```
public struct Config: Equatable, Sendable {
    /// The name shown to teammates; defaults to the login name.
    public var nickname: String
    /// The theme's name (a file in `themes/` or the config folder's `themes/`).
    public var theme: String
    /// Whether a mention rings the terminal bell.
    public var bell: Bool
    /// Whether mentions and direct messages also raise a desktop notification through the
    /// terminal (OSC 777 and OSC 9, which many terminals turn into one).
    public var notify: Bool = false
    /// Words that count as mentions of you, besides your nickname (whole words, any case).
    public var keywords: [String] = []
    /// Most keywords, and longest keyword in characters.
    public static let maxKeywords = 32, maxKeywordLength = 32
    /// Whether `y` on a picked message copies it to the terminal's clipboard (OSC 52; many
    /// terminals and tmux pass it to the system clipboard).
    public var clipboard: Bool = true
    /// Whether web links in messages are written as terminal hyperlinks (OSC 8: Ctrl- or
    /// Cmd-click opens them in terminals that know it); false leaves them as plain text.
    public var links: Bool = true
    /// Whether huddle takes the mouse (clicks focus and pick, the wheel scrolls); off lets the
    /// terminal select text as usual.
    public var mouse: Bool = true
    /// The port to listen on, if set.
    public var port: Int? = nil
    /// Peers to dial always, as `HOST:PORT`.
    public var peers: [PeerAddress] = []
    /// Offers from verified peers up to this many megabytes (10^6 bytes) are accepted into the
    /// downloads folder without asking; 0 (the default) asks every time.
    public var autoAcceptMB: Int = 0
    /// The most megabytes per second one outgoing transfer sends; 0 (the default) is no limit.
    public var sendLimitMBps: Int = 0
    /// Whether the open lobby `lan` is on (the default): every huddle on the network shares
    /// its channels and notes. Off, a peer that is in none of this peer's private workspaces
    /// gets nothing at all.
    public var lan: Bool = true
    /// On a LAN of more peers than this (this one included), each keeps sessions only with
    /// its overlay neighbours (about 4 + log2 N; docs/scale.md) and changes are relayed the
    /// rest of the way; up to it, everyone with everyone. 2 to 1,000; default 64.
    public var fullMeshUpTo: Int = 64
    /// The workspace verbs use when none is given (`--workspace`): `lan` or a private
    /// workspace's name or ID. Nil: the lobby.
    public var workspace: String? = nil
    /// Your presence as teammates see it when huddle starts (`/away`, `/dnd`, `huddle away`
    /// save it here): `here`, `away` or `dnd`, with `presence_text`.
    public var presence: Presence = .here
    /// After this many minutes without a key pressed, the workspace shows you away (until the
    /// next key); 0 never does. Default 10.
    public var awayAfterMinutes: Int = 10

    /// The settings a user gets with no config file.
    public static func defaults(environment: [String: String]) -> Config {
        Config(nickname: defaultNickname(environment: environment), theme: "default", bell: true)
    }

    /// The login name, made safe to use as a nickname.
    static func defaultNickname(environment: [String: String]) -> String {
        let login = environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        let name = Nickname.validate(login) == nil ? login : "huddler"
        return name.isEmpty ? "huddler" : name
    }

    /// The keys a config file may set.
    static let knownKeys: Set<String> = ["nickname", "theme", "bell", "port", "peers", "auto_accept_mb", "send_limit_mb_s", "notify", "mouse", "clipboard", "keywords", "lan", "workspace", "full_mesh_up_to", "presence", "presence_text", "away_after_minutes", "links"]

    /// Reads `path` over the defaults; a missing file means the defaults.
    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> Config {
        var config = defaults(environment: environment)
        guard let data = FileManager.default.contents(atPath: path) else { return config }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, line: nil, key: nil, problem: "is not UTF-8 text")
        }
        let source = try TOMLSource(path: path, text: text)
        for key in source.table.keys.sorted() where !knownKeys.contains(key) {
            throw source.error(key, "is not a setting huddle knows (known: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        if let value = source.table["nickname"] {
            guard let nickname = value.string else { throw source.error("nickname", "must be a string") }
            if let problem = Nickname.validate(nickname) { throw source.error("nickname", problem) }
            config.nickname = nickname
        }
        if let value = source.table["theme"] {
            guard let theme = value.string, !theme.isEmpty else { throw source.error("theme", "must be a theme name") }
            config.theme = theme
        }
        if let value = source.table["bell"] {
            guard let bell = value.bool else { throw source.error("bell", "must be true or false") }
            config.bell = bell
        }
        if let value = source.table["port"] {
            guard let port = value.int, (0...65535).contains(port) else { throw source.error("port", "must be a port number (0 to 65535)") }
            config.port = port
        }
        if let value = source.table["peers"] {
            guard let list = value.array else { throw source.error("peers", "must be a list like [\"10.0.0.7:47474\"]") }
            for item in list {
                guard let address = item.string.flatMap(PeerAddress.init(parsing:)) else {
                    throw source.error("peers", "must hold HOST:PORT strings, not \(item.debugDescription)")
                }
                config.peers.append(address)
            }
        }
        if let value = source.table["auto_accept_mb"] {
            guard let megabytes = value.int, megabytes >= 0 else {
                throw source.error("auto_accept_mb", "must be a whole number of megabytes, 0 or more")
            }
            config.autoAcceptMB = megabytes
        }
        if let value = source.table["mouse"] {
            guard let mouse = value.bool else { throw source.error("mouse", "must be true or false") }
            config.mouse = mouse
        }
        if let value = source.table["keywords"] {
            let problem = "must be a list of at most \(Self.maxKeywords) words of 1 to \(Self.maxKeywordLength) characters, like [\"deploy\", \"oncall\"]"
            guard let list = value.array, list.count <= Self.maxKeywords else { throw source.error("keywords", problem) }
            for item in list {
                guard let word = item.string, (1...Self.maxKeywordLength).contains(word.count),
                      !word.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
                else { throw source.error("keywords", problem) }
                config.keywords.append(word)
            }
        }
        if let value = source.table["clipboard"] {
            guard let clipboard = value.bool else { throw source.error("clipboard", "must be true or false") }
            config.clipboard = clipboard
        }
        if let value = source.table["links"] {
            guard let links = value.bool else { throw source.error("links", "must be true or false") }
            config.links = links
        }
        if let value = source.table["notify"] {
            guard let notify = value.bool else { throw source.error("notify", "must be true or false") }
            config.notify = notify
        }
        if let value = source.table["lan"] {
            guard let lan = value.bool else { throw source.error("lan", "must be true or false") }
            config.lan = lan
        }
        if let value = source.table["workspace"] {
            guard let workspace = value.string, !workspace.isEmpty, workspace.count <= 64 else {
                throw source.error("workspace", "must be a workspace's name or ID, like \"team\"")
            }
            config.workspace = workspace
        }
        if let value = source.table["full_mesh_up_to"] {
            guard let count = value.int, (2...1_000).contains(count) else {
                throw source.error("full_mesh_up_to", "must be a number of peers from 2 to 1000")
            }
            config.fullMeshUpTo = count
        }
        if let value = source.table["presence"] {
            guard let name = value.string, let availability = Availability(rawValue: name) else {
                throw source.error("presence", "must be \"here\", \"away\" or \"dnd\"")
            }
            config.presence.availability = availability
        }
        if let value = source.table["presence_text"] {
            guard let text = value.string, text.count <= Presence.maxTextCharacters else {
                throw source.error("presence_text", "must be text of at most \(Presence.maxTextCharacters) characters")
            }
            config.presence = Presence(availability: config.presence.availability, text: text)
        }
        if let value = source.table["away_after_minutes"] {
            guard let minutes = value.int, (0...1_440).contains(minutes) else {
                throw source.error("away_after_minutes", "must be a number of minutes from 0 (never) to 1440")
            }
            config.awayAfterMinutes = minutes
        }
        if let value = source.table["send_limit_mb_s"] {
            guard let limit = value.int, limit >= 0 else {
                throw source.error("send_limit_mb_s", "must be a whole number of megabytes per second, 0 for no limit")
            }
            config.sendLimitMBps = limit
        }
        return config
    }
}
