import Foundation
import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

/// Web links in messages: found, checked, and written by huddle as OSC 8 hyperlinks.
@Suite("Web links")
struct WebLinkTests {
    static func links(_ text: String) -> [String] { WebLinks.find(in: text).map(\.target) }
    static func spans(_ text: String) -> [String] { WebLinks.find(in: text).map { String(text[$0.range]) } }

    @Test("http and https links end at a space; sentence punctuation and unmatched brackets are left out")
    func findsLinks() {
        #expect(Self.spans("see https://example.com/a?b=c&d=e#f, then http://x.y/z.") == ["https://example.com/a?b=c&d=e#f", "http://x.y/z"])
        #expect(Self.spans("(docs at https://en.wikipedia.org/wiki/Swift_(programming_language))") == ["https://en.wikipedia.org/wiki/Swift_(programming_language)"])
        #expect(Self.spans("<https://a.b/c>") == ["https://a.b/c"])
        #expect(Self.links("ftp://a.b javascript://x mailto:x@y.z file:///etc/passwd xhttps://a.b").isEmpty)
        #expect(Self.links("https:// http://") .isEmpty, "no host, no link")
    }

    @Test("an attack of escape, bidi and control characters never reaches the target: they end the link; non-ASCII is percent-encoded")
    func hostileTargets() {
        #expect(Self.spans("https://a.b/x\u{1b}]8;;https://evil/\u{1b}\\") == ["https://a.b/x", "https://evil/"],
                "the escape ends the first link; the second address is linked as the text shows it")
        #expect(Self.spans("https://a.b/\u{202e}gpj.exe") == ["https://a.b/"])
        #expect(Self.spans("https://a.b/c\u{7}d") == ["https://a.b/c"])
        #expect(Self.links("https://例え.jp/パス") == ["https://%E4%BE%8B%E3%81%88.jp/%E3%83%91%E3%82%B9"])
        #expect(Self.links("https://a.b/" + String(repeating: "x", count: 3000)).isEmpty, "too long to link")
        for link in Self.links("https://a.b/\"'<>`{}|\\^~ ok") {
            #expect(link.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
        }
    }

    @Test("a message's link is drawn underlined and written inside OSC 8, closed after it; the text around is not")
    func writtenAsHyperlink() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 100), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        let row = ChatRow(id: "BOBBBBB@1", nickname: "bob", colorKey: "BOBBBBB", body: "read https://example.com/doc now", clock: "12:00")
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: [row]))
        let frame = render(state)
        let bytes = TerminalWriter(colors: 256).bytes(for: frame.grid, previous: nil, cursor: nil)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\u{1b}]8;id=") && text.contains(";https://example.com/doc\u{1b}\\"))
        #expect(text.components(separatedBy: "\u{1b}]8;;\u{1b}\\").count - 1 == 1, "closed once")
        var terminal = VirtualTerminal(size: state.size, widthOf: { _ in 1 })
        terminal.receive(bytes)
        let linked = terminal.cells.filter { $0.link == "https://example.com/doc" }.map(\.text).joined()
        #expect(linked == "https://example.com/doc", "exactly the link's cells: \(linked)")
        let plain = TerminalWriter(colors: 256, hyperlinks: false).bytes(for: frame.grid, previous: nil, cursor: nil)
        #expect(!String(decoding: plain, as: UTF8.self).contains("\u{1b}]8"), "links = false: plain text")
    }

    @Test("the same URL keeps its ID; an ID is never given to another URL, even after the table starts again")
    func stableIDs() {
        let links = Hyperlinks(capacity: 2)
        let a = links.id(for: "https://a")
        #expect(links.id(for: "https://a") == a)
        let b = links.id(for: "https://b")
        let c = links.id(for: "https://c") // the table starts again
        #expect(Set([a, b, c]).count == 3 && links.url(for: a) == nil && links.url(for: c) == "https://c")
    }
}

/// Inline code is not broken inside when it fits on a line.
@Suite("Code spans in wrapped messages")
struct CodeSpanWrapTests {
    @Test("a code span that fits moves whole to the next line, drawn with plain spaces; one longer than a line still wraps")
    func keptWhole() {
        let widths = WidthModel.assumed
        let row = ChatRow(id: "B@1", nickname: "bob", colorKey: "B", body: "please run `swift build -c release` now", clock: "12:00")
        let lines = chatLines(for: row, width: 30, theme: .monochrome, widths: widths).map { $0.segments.flatMap(\.glyphs).map(\.text).joined() }
        #expect(lines == ["12:00 bob: please run", "`swift build -c release` now"], "\(lines)")
        let long = ChatRow(id: "B@2", nickname: "bob", colorKey: "B", body: "`" + String(repeating: "word ", count: 12) + "`", clock: "12:00")
        #expect(chatLines(for: long, width: 30, theme: .monochrome, widths: widths).count > 1)
    }
}
