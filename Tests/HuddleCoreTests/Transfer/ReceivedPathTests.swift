import HuddleCore
import Testing

/// Names a hostile (or careless) peer might send, each with the rule that must refuse it.
let refusedNames: [(attack: String, name: String, error: ReceivedNameError)] = [
    ("empty name", "", .empty),
    ("absolute path to /etc/passwd", "/etc/passwd", .absolute),
    ("absolute root", "/", .absolute),
    ("parent escape ../x", "../x", .parentReference(component: 0)),
    ("parent escape in the middle", "a/../../x", .parentReference(component: 1)),
    ("bare parent", "..", .parentReference(component: 0)),
    ("current folder component", "./x", .currentReference(component: 0)),
    ("double slash", "a//b", .emptyComponent(component: 1)),
    ("trailing slash", "a/", .emptyComponent(component: 1)),
    ("NUL truncating the name", "report.pdf\0.exe", .controlCharacter(component: 0, scalar: 0)),
    ("newline forging a log line", "a\nb", .controlCharacter(component: 0, scalar: 0x0A)),
    ("escape sequence clearing the screen", "\u{1B}[2Jx", .controlCharacter(component: 0, scalar: 0x1B)),
    ("DEL", "a\u{7F}", .controlCharacter(component: 0, scalar: 0x7F)),
    ("C1 CSI", "a\u{9B}31m", .controlCharacter(component: 0, scalar: 0x9B)),
    ("right-to-left override spoofing the extension", "invoice\u{202E}fdp.exe", .formatCharacter(component: 0, scalar: 0x202E)),
    ("zero-width space", "pass\u{200B}words.txt", .formatCharacter(component: 0, scalar: 0x200B)),
    ("backslash traversal", "..\\..\\x", .backslash(component: 0)),
    ("backslash in a folder", "a/b\\c", .backslash(component: 1)),
    ("Windows device CON", "CON", .windowsReserved(component: 0)),
    ("Windows device nul in lower case", "nul", .windowsReserved(component: 0)),
    ("Windows device with an extension", "com1.txt", .windowsReserved(component: 0)),
    ("Windows device with a double extension", "LPT9.tar.gz", .windowsReserved(component: 0)),
    ("Windows device as a folder", "docs/Aux/x.txt", .windowsReserved(component: 1)),
    ("Windows device with a space before the dot", "PRN .c", .windowsReserved(component: 0)),
    ("Windows device with superscript digit", "COM\u{B9}", .windowsReserved(component: 0)),
    ("Windows console device", "CONOUT$", .windowsReserved(component: 0)),
    ("trailing dot", "secret.", .trailingDotOrSpace(component: 0)),
    ("trailing space", "secret ", .trailingDotOrSpace(component: 0)),
    ("trailing dot on a folder", "dir./x", .trailingDotOrSpace(component: 0)),
    ("decomposed e-acute (NFD)", "cafe\u{301}.txt", .notNormalized(component: 0)),
    ("decomposed hangul", "\u{1112}\u{1161}\u{11AB}", .notNormalized(component: 0)),
    ("component of 256 bytes", String(repeating: "a", count: 256), .componentTooLong(component: 0, bytes: 256)),
    ("component of 86 three-byte characters", String(repeating: "\u{20AC}", count: 86), .componentTooLong(component: 0, bytes: 258)),
    ("path over the limit", Array(repeating: String(repeating: "b", count: 200), count: 16).joined(separator: "/"),
     .pathTooLong(bytes: 16 * 201 - 1)),
    ("path too deep", Array(repeating: "d", count: 65).joined(separator: "/"), .tooDeep(components: 65)),
]

/// Names that must pass unchanged.
let acceptedNames = [
    "report.pdf", "My Report (final).pdf", "photos/2024/beach.jpg", ".bashrc", "a..b", "...hidden",
    "caf\u{E9}.txt", "\u{D55C}\u{AE00}/\u{6587}\u{4EF6}.md", "emoji \u{1F389}.png", "CONSOLE.txt", "com10", "nul-byte.txt",
    "a:b", String(repeating: "a", count: 255), String(repeating: "\u{20AC}", count: 85),
]

@Suite("Received names are validated, not rewritten")
struct ReceivedPathTests {
    @Test("refuses the attack", arguments: refusedNames.indices)
    func refuses(_ index: Int) {
        let (attack, name, expected) = refusedNames[index]
        #expect(throws: expected, "\(attack)") { try ReceivedPath.validate(name) }
    }

    @Test("accepts ordinary names unchanged", arguments: acceptedNames)
    func accepts(_ name: String) throws {
        let path = try ReceivedPath.validate(name)
        #expect(path.description == name)
        #expect(Array(path.description.utf8) == Array(name.utf8))
    }

    @Test func splitsComponents() throws {
        let path = try ReceivedPath.validate("photos/2024/beach.jpg")
        #expect(path.components == ["photos", "2024", "beach.jpg"])
        #expect(path.top == "photos")
        #expect(path.name == "beach.jpg")
    }

    @Test func errorsNameTheRuleWithoutEchoingTheName() {
        let error = ReceivedNameError.controlCharacter(component: 2, scalar: 0x1B)
        #expect(error.description == "component 3 contains the control character U+001B")
    }

    @Test func senderNormalisesItsOwnNamesToNFC() throws {
        let decomposed = "cafe\u{301}.txt"
        let offered = ReceivedPath.normalizedForOffer(decomposed)
        #expect(Array(offered.utf8) == Array("caf\u{E9}.txt".utf8))
        #expect(try ReceivedPath.validate(offered).description == offered)
    }
}
