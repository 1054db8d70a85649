import Foundation
import HuddleCore
import Testing
@testable import HuddleApp

@Suite("Config files")
struct ConfigTests {
    let environment = ["HOME": "/home/ada", "USER": "ada"]

    func load(_ text: String) throws(ConfigError) -> Config {
        let path = NSTemporaryDirectory() + "huddle-config-\(UUID().uuidString).toml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Config.load(path: path, environment: environment)
    }

    func error(_ text: String) -> ConfigError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("no config file means the defaults, with the login name as nickname")
    func missingFileGivesDefaults() throws {
        let config = try Config.load(path: "/nonexistent/config.toml", environment: environment)
        #expect(config == Config(nickname: "ada", theme: "default", bell: true))
    }

    @Test("settings are read")
    func readsSettings() throws {
        let config = try load("# mine\nnickname = \"grace\"\ntheme = \"gruvbox\"\nbell = false\n")
        #expect(config == Config(nickname: "grace", theme: "gruvbox", bell: false))
    }

    @Test("clipboard = false turns copying to the terminal's clipboard off; it is on by default; a non-boolean is refused")
    func clipboardSetting() throws {
        #expect(try load("").clipboard && !(try load("clipboard = false\n").clipboard))
        #expect(try #require(error("clipboard = 1\n")).description.hasSuffix("clipboard must be true or false"))
    }

    @Test("keywords count as mentions, as whole words in any case; too many, too long or with control characters are refused")
    func keywordsAreMentions() throws {
        let config = try load("keywords = [\"deploy\", \"on-call\"]\n")
        #expect(config.keywords == ["deploy", "on-call"])
        #expect(mentions("Who can DEPLOY tonight?", nickname: "ada", keywords: config.keywords))
        #expect(mentions("ping on-call", nickname: "ada", keywords: config.keywords))
        #expect(!mentions("redeployed already", nickname: "ada", keywords: config.keywords), "a whole word only")
        let many = "keywords = [" + (0...Config.maxKeywords).map { "\"w\($0)\"" }.joined(separator: ", ") + "]\n"
        for bad in [many, "keywords = [\"\(String(repeating: "x", count: 33))\"]\n", "keywords = [\"a\\u0007b\"]\n", "keywords = \"deploy\"\n"] {
            #expect(try #require(error(bad)).key == "keywords", "\(bad)")
        }
    }

    @Test("a syntax error names the file and its line")
    func syntaxErrorNamesLine() throws {
        let problem = try #require(error("nickname = \"ok\"\n\ntheme = = 3\n"))
        #expect(problem.line == 3)
        #expect(problem.description.contains(".toml:3:"))
    }

    @Test("an unknown key names the key and its line")
    func unknownKeyNamesKeyAndLine() throws {
        let problem = try #require(error("nickname = \"ok\"\nthem = \"light\"\n"))
        #expect(problem.key == "them")
        #expect(problem.line == 2)
    }

    @Test("a value of the wrong type names the key and its line")
    func wrongTypeNamesKeyAndLine() throws {
        let problem = try #require(error("theme = \"light\"\n\n  bell = \"yes\"\n"))
        #expect(problem.key == "bell")
        #expect(problem.line == 3)
        #expect(problem.description.hasSuffix("bell must be true or false"))
    }

    @Test("full_mesh_up_to sets the overlay's threshold; out of 2...1000 it is refused with the key")
    func fullMeshThreshold() throws {
        #expect(try load("full_mesh_up_to = 100\n").fullMeshUpTo == 100)
        #expect(try load("").fullMeshUpTo == 64)
        for bad in ["1", "1001", "-5", "\"many\""] {
            let problem = try #require(error("full_mesh_up_to = \(bad)\n"))
            #expect(problem.key == "full_mesh_up_to")
        }
    }

    @Test("a nickname with spaces, controls or bidi overrides is refused", arguments: [
        "two words", "", "evil\u{202E}txt", "bell\u{07}", String(repeating: "x", count: 33), "#channel",
        "bob\u{200B}", "bob\u{FE0F}", "bob\u{3164}", "bob\u{2060}",
    ])
    func badNicknameRefused(nickname: String) {
        #expect(Nickname.validate(nickname) != nil)
    }

    @Test("nicknames in any script are fine", arguments: ["ada", "Zoë", "李雷", "d_ev-42"])
    func goodNicknameAccepted(nickname: String) {
        #expect(Nickname.validate(nickname) == nil)
    }

    @Test("setting a key keeps the rest of the file, comments included")
    func configFileSetKeepsComments() throws {
        let path = NSTemporaryDirectory() + "huddle-config-\(UUID().uuidString).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# my settings\ntheme = \"light\" # bright room\nnickname = \"old\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        try ConfigFile(path: path).set("nickname", to: "new \"one\"")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "# my settings\ntheme = \"light\" # bright room\nnickname = \"new \\\"one\\\"\"\n")
        try ConfigFile(path: path + ".fresh").set("nickname", to: "ada")
        #expect(try String(contentsOfFile: path + ".fresh", encoding: .utf8) == "nickname = \"ada\"\n")
        try? FileManager.default.removeItem(atPath: path + ".fresh")
    }
}

@Suite("Folders")
struct FoldersTests {
    @Test("XDG variables place config, data, downloads and runtime")
    func xdgLayout() {
        let folders = Folders.resolve(home: nil, environment: [
            "HOME": "/home/ada", "XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "/dat",
            "XDG_DOWNLOAD_DIR": "/dl", "XDG_RUNTIME_DIR": "/run/user/1000",
        ])
        #expect(folders == Folders(config: "/cfg/huddle", data: "/dat/huddle", downloads: "/dl", runtime: "/run/user/1000/huddle"))
        #expect(folders.identityFile == "/dat/huddle/identity")
    }

    @Test("without XDG variables the usual dot-folders are used")
    func defaultLayout() {
        let folders = Folders.resolve(home: nil, environment: ["HOME": "/home/ada"])
        #expect(folders.config == "/home/ada/.config/huddle")
        #expect(folders.data == "/home/ada/.local/share/huddle")
        #expect(folders.downloads == "/home/ada/Downloads/huddle")
        #expect(folders.runtime == "/home/ada/.local/share/huddle/run")
    }

    @Test("--home, then HUDDLE_HOME, put everything under one folder")
    func homePutsEverythingUnderOneFolder() {
        let fromOption = Folders.resolve(home: "/tmp/peer1", environment: ["HUDDLE_HOME": "/tmp/other", "HOME": "/h"])
        #expect(fromOption == Folders(config: "/tmp/peer1", data: "/tmp/peer1/data", downloads: "/tmp/peer1/downloads", runtime: "/tmp/peer1/run"))
        let fromEnvironment = Folders.resolve(home: nil, environment: ["HUDDLE_HOME": "/tmp/other", "HOME": "/h"])
        #expect(fromEnvironment.data == "/tmp/other/data")
    }
}
