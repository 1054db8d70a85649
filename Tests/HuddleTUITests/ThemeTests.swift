import Foundation
import HuddleApp
import Testing
@testable import HuddleTUI

@Suite("Themes")
struct ThemeTests {
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path
    let library = ThemeLibrary(folders: [ThemeTests.themesFolder])

    @Test("huddle ships a dark, a light, a high-contrast and a 256-colour theme")
    func shippedThemes() {
        #expect(Set(["default", "light", "high-contrast", "gruvbox"]).isSubset(of: Set(library.names)))
    }

    @Test("every shipped theme parses and names every role itself", arguments: ["default", "light", "high-contrast", "gruvbox"])
    func shippedThemeNamesEveryRole(name: String) throws {
        let path = ThemeTests.themesFolder + "/\(name).toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let theme = try Theme.parse(path: path, text: text)
        #expect(theme.name == name)
        for role in ThemeRole.allCases {
            #expect(text.contains("\n\(role.rawValue) = "), "\(name) does not name \(role.rawValue)")
        }
        #expect(!theme.nickPalette.isEmpty)
    }

    @Test("an unknown role is refused with the file, line and role")
    func unknownRoleRefused() {
        let text = "name = \"x\"\n[roles]\ntext = { fg = \"white\" }\ntitel = { fg = \"red\" }\n"
        #expect(throws: ConfigError(path: "x.toml", line: 4, key: "roles.titel",
                                    problem: "is not a theme role (roles: \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")))")) {
            try Theme.parse(path: "x.toml", text: text)
        }
    }

    @Test("a bad colour is refused with the file, line and role", arguments: [
        "\"purple\"", "256", "-1", "\"#12345\"", "\"#gggggg\"", "true",
    ])
    func badColourRefused(colour: String) {
        let text = "[roles]\n\nborder = { fg = \(colour) }\n"
        do {
            _ = try Theme.parse(path: "bad.toml", text: text)
            Issue.record("\(colour) was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.key == "roles.border")
            #expect(error.description.hasPrefix("bad.toml:3: roles.border has a bad colour"))
        }
    }

    @Test("colours given as names, indexes and #rrggbb")
    func colourForms() throws {
        let theme = try Theme.parse(path: "t.toml", text: "[roles]\ntext = { fg = \"bright-red\", bg = 236, bold = true }\nmuted = { fg = \"#ff0000\" }\n")
        #expect(theme.style(.text) == Style(foreground: .indexed(9), background: .indexed(236), attributes: .bold))
        #expect(theme.style(.muted).foreground == .indexed(196))
    }

    @Test("on an 8-colour terminal every colour becomes one of the 8")
    func degradesToEightColours() throws {
        let theme = try library.load("gruvbox").degraded(toColors: 8)
        for style in theme.styles.values {
            for color in [style.foreground, style.background] {
                if case let .indexed(index) = color { #expect(index < 8) }
            }
        }
        #expect(TerminalColor.indexed(196).degraded(toColors: 8) == .indexed(1), "bright red becomes red")
        #expect(TerminalColor.indexed(236).degraded(toColors: 16) == .indexed(0), "dark grey becomes black")
    }

    @Test("on 8 and 16 colours mentions stay distinct from muted text, borders and timestamps, in every shipped theme",
          arguments: ["default", "light", "high-contrast", "gruvbox"])
    func mentionsStayDistinct(name: String) throws {
        for colors in [8, 16, 256] {
            let theme = try library.load(name).degraded(toColors: colors)
            let mention = theme.style(.mention)
            for role in [ThemeRole.muted, .border, .text] {
                let other = theme.style(role)
                #expect(mention.foreground != other.foreground || mention.background != other.background,
                        "\(name) at \(colors) colours: mention looks like \(role)")
            }
        }
        #expect(TerminalColor.indexed(8).degraded(toColors: 8) == .indexed(7), "grey stays grey, not yellow")
        #expect(TerminalColor.indexed(244).degraded(toColors: 8) == .indexed(7))
        #expect(TerminalColor.indexed(236).degraded(toColors: 8) == .indexed(0))
    }

    @Test("a theme that does not exist is an error listing the themes")
    func missingThemeListsThemes() {
        do {
            _ = try library.load("solarised")
            Issue.record("loaded a theme that does not exist")
        } catch {
            #expect(error.description.contains("gruvbox"))
        }
        #expect(throws: ConfigError.self) { try library.load("../etc/passwd") }
    }

    @Test("nickname colours are stable for a name")
    func nickColoursAreStable() throws {
        let theme = try library.load("default")
        #expect(theme.nickColor(for: "ada") == theme.nickColor(for: "ada"))
        let colours = Set(["ada", "bob", "carol", "dave", "erin", "frank"].map { theme.nickColor(for: $0) })
        #expect(colours.count > 1)
    }
}
