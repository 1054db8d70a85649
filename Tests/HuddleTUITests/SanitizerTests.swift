import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Text from peers is made safe for the terminal")
struct SanitizerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let shown: String
        let width: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain ASCII", input: "hello", shown: "hello", width: 5),
        Case(name: "clear screen (ESC[2J) removed whole", input: "a\u{1B}[2Jb", shown: "ab", width: 2),
        Case(name: "colour sequence removed", input: "\u{1B}[31;1mred\u{1B}[0m", shown: "red", width: 3),
        Case(name: "OSC 52 clipboard write (BEL) removed", input: "x\u{1B}]52;c;ZXZpbA==\u{07}y", shown: "xy", width: 2),
        Case(name: "OSC 52 clipboard write (ST) removed", input: "x\u{1B}]52;c;ZXZpbA==\u{1B}\\y", shown: "xy", width: 2),
        Case(name: "OSC 8 hyperlink removed", input: "\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\", shown: "link", width: 4),
        Case(name: "window title set removed", input: "\u{1B}]0;pwned\u{07}ok", shown: "ok", width: 2),
        Case(name: "DCS string removed", input: "a\u{1B}Pq#0;2;0;0;0\u{1B}\\b", shown: "ab", width: 2),
        Case(name: "unterminated CSI drops the rest", input: "a\u{1B}[12", shown: "a", width: 1),
        Case(name: "two-character escape removed", input: "a\u{1B}cb", shown: "ab", width: 2),
        Case(name: "C1 CSI removed whole", input: "a\u{9B}2Jb", shown: "ab", width: 2),
        Case(name: "C1 controls dropped", input: "a\u{85}\u{8D}b", shown: "ab", width: 2),
        Case(name: "C0 controls and DEL dropped", input: "a\u{07}\u{08}\u{0D}\u{0A}\u{7F}b", shown: "ab", width: 2),
        Case(name: "tab becomes one space", input: "a\tb", shown: "a b", width: 3),
        Case(name: "RTL override dropped", input: "abc\u{202E}txt.exe", shown: "abctxt.exe", width: 10),
        Case(name: "bidi isolates and marks dropped", input: "\u{2066}a\u{2069}\u{200E}\u{200F}\u{061C}b", shown: "ab", width: 2),
        Case(name: "zero-width space and BOM dropped", input: "a\u{200B}b\u{FEFF}c\u{2060}d", shown: "abcd", width: 4),
        Case(name: "zero-width joiner between letters dropped", input: "a\u{200D}b", shown: "ab", width: 2),
        Case(name: "zero-width joiner inside an emoji family kept", input: "👨\u{200D}👩\u{200D}👧", shown: "👨\u{200D}👩\u{200D}👧", width: 2),
        Case(name: "CJK is two columns each", input: "日本語", shown: "日本語", width: 6),
        Case(name: "emoji is two columns", input: "ok👍", shown: "ok👍", width: 4),
        Case(name: "flag is one glyph of two columns", input: "🇩🇪", shown: "🇩🇪", width: 2),
        Case(name: "text-style symbol with VS16 is two columns", input: "\u{2764}\u{FE0F}", shown: "\u{2764}\u{FE0F}", width: 2),
        Case(name: "combining accent stays on its letter", input: "e\u{301}te\u{301}", shown: "e\u{301}te\u{301}", width: 3),
        Case(name: "stacked combining marks (zalgo) stay one column", input: "a\u{300}\u{301}\u{302}\u{303}", shown: "a\u{300}\u{301}\u{302}\u{303}", width: 1),
        Case(name: "lone combining mark at the start is dropped", input: "\u{301}x", shown: "x", width: 1),
        Case(name: "line and paragraph separators dropped", input: "a\u{2028}b\u{2029}c", shown: "abc", width: 3),
        Case(name: "tag characters outside emoji dropped", input: "a\u{E0041}\u{E0042}b", shown: "ab", width: 2),
        Case(name: "fullwidth forms are wide", input: "ＡＢ", shown: "ＡＢ", width: 4),
    ]

    @Test("sanitising", arguments: cases)
    func sanitising(_ example: Case) {
        let glyphs = TerminalText.glyphs(example.input, widths: .graphemeClusters)
        #expect(glyphs.map(\.text).joined() == example.shown)
        #expect(glyphs.reduce(0) { $0 + $1.width } == example.width)
    }

    @Test("no escape, control or bidi scalar survives any input")
    func nothingDangerousSurvives() {
        var generator = SplitMix64(seed: 0x5EED)
        let pool: [Unicode.Scalar] = ["a", "\u{1B}", "[", "]", "\u{07}", "\u{9B}", "\u{9D}", "\u{202E}", "\u{200D}",
                                      "\u{200B}", "\u{0}", "\u{7F}", "\u{85}", "日", "👍", "\u{301}", "\\", "P", ";", "2", "J"]
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 24) { text.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            let shown = TerminalText.sanitized(String(text))
            for scalar in shown.unicodeScalars {
                #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value), "control in \(shown.debugDescription)")
                #expect(![0x202E, 0x200B, 0x1B].contains(scalar.value), "dangerous scalar in \(shown.debugDescription)")
            }
        }
    }
}
