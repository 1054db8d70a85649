import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Word wrap, by the classes of UAX #14")
struct WordWrapTests {
    /// `text` wrapped to `width`, with the system's per-scalar widths.
    func wrap(_ text: String, _ width: Int) -> [String] {
        WordWrap.lines(text, width: width, widths: .assumed)
    }

    // MARK: CJK

    @Test("a Japanese sentence never starts a row with 、 or 。, moving the character before down")
    func japanesePunctuationStaysWithItsWord() {
        // Breaking anywhere, the second row of 4 columns would start with 、.
        let rows = wrap("私は、東京に住んでいます。", 4)
        #expect(rows == ["私", "は、", "東京", "に住", "んで", "いま", "す。"])
        // From 4 columns up (a character and its 、 fit on a row), every row breaks cleanly.
        for width in 4...30 { Self.expectNoForbiddenEdges(wrap("私は、東京に住んでいます。", width), width: width) }
    }

    @Test("small kana and the prolonged sound mark never start a row")
    func nonStartersStayWithTheKanaBefore() {
        #expect(wrap("コーヒーを飲む", 6) == ["コー", "ヒーを", "飲む"])
        #expect(wrap("ちょっと待って", 6) == ["ちょっ", "と待っ", "て"])
        for width in 6...20 { Self.expectNoForbiddenEdges(wrap("ちょっと待ってください。コーヒー・ケーキ々", width), width: width) }
    }

    @Test("Chinese without spaces breaks between ideographs and fits the width")
    func chineseBreaksBetweenIdeographs() {
        let text = "我们今天去北京看长城，然后吃烤鸭。"
        for width in 4...36 {
            let rows = wrap(text, width)
            #expect(rows.joined() == text, "width \(width)")
            #expect(rows.allSatisfy { WidthModel.assumed.width(of: $0) <= width }, "width \(width): \(rows)")
            Self.expectNoForbiddenEdges(rows, width: width)
        }
        #expect(wrap(text, 10) == ["我们今天去", "北京看长", "城，然后吃", "烤鸭。"])
    }

    @Test("「引用」 keeps its brackets with the words inside")
    func bracketsStayWithTheirWords() {
        // Breaking anywhere, the first row of 6 columns would end with 「.
        #expect(wrap("彼は「引用」と言った", 6) == ["彼は", "「引", "用」と", "言った"])
        // From 6 columns up (（注） fits on a row), every row breaks cleanly.
        for width in 6...24 {
            let rows = wrap("彼は「引用」と言った。（注）", width)
            #expect(rows.joined() == "彼は「引用」と言った。（注）", "width \(width)")
            Self.expectNoForbiddenEdges(rows, width: width)
        }
    }

    @Test("the existing CJK expectation still holds")
    func japaneseWithoutPunctuation() {
        #expect(wrap("日本語です", 5) == ["日本", "語で", "す"])
    }

    // MARK: URLs and code

    @Test("a URL that fits on the next row moves there whole")
    func urlMovesWhole() {
        #expect(wrap("docs at https://x.io/a/b ok", 16) == ["docs at", "https://x.io/a/b", "ok"])
        #expect(wrap("詳細はhttps://example.com/docsを参照", 24) == ["詳細は", "https://example.com/docs", "を参照"])
    }

    @Test("a code span in backticks that fits on the next row moves there whole")
    func codeSpanMovesWhole() {
        // Breaking at spaces, the first row would be "run `git status".
        #expect(wrap("run `git status --short` now", 22) == ["run", "`git status --short`", "now"])
        #expect(wrap("使う``a ` b``です", 10) == ["使う", "``a ` b``", "です"])
    }

    @Test("a code span longer than a row wraps at its spaces")
    func longCodeSpanWrapsAtSpaces() {
        #expect(wrap("`a very long code span here`", 10) == ["`a very", "long code", "span here`"])
    }

    @Test("a URL longer than a row is cut between characters")
    func longURLIsCut() {
        #expect(wrap("see https://example.com/abcdefghij", 12) == ["see", "https://exam", "ple.com/abcd", "efghij"])
    }

    @Test("a backtick without a partner is an ordinary character")
    func unpairedBacktick() {
        #expect(wrap("it`s a b", 6) == ["it`s a", "b"])
    }

    // MARK: What worked before

    @Test("ASCII words wrap at spaces as before")
    func asciiWordsWrapAtSpaces() {
        #expect(wrap("the quick brown fox", 9) == ["the quick", "brown fox"])
        #expect(wrap("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"])
        #expect(wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"])
        #expect(wrap("hi abcdefghij", 4) == ["hi", "abcd", "efgh", "ij"])
        #expect(wrap("hello, world! (yes)", 7) == ["hello,", "world!", "(yes)"])
        #expect(wrap("  leading and  double", 12) == ["leading and ", "double"])
        #expect(wrap("", 5) == [""])
        #expect(wrap("anything", 0) == [])
    }

    /// ASCII wraps differently now only where a row would have started with punctuation: after a
    /// space before it (`ok :)`), or where a word longer than a row is cut. So the punctuation
    /// here always sticks to its word, and comes in only at widths where no word is cut.
    @Test("ASCII text wraps exactly as the wrapper before UAX #14 did", arguments: [1, 2, 3, 5, 8, 13, 18, 21, 34])
    func asciiMatchesThePreviousWrapper(width: Int) {
        var random = SplitMix64(seed: UInt64(width))
        for round in 0..<200 {
            let text = Self.randomASCII(&random, punctuated: width >= 18)
            let rows = wrap(text, width)
            #expect(rows == LegacyWordWrap.lines(text, width: width),
                    "seed \(width), round \(round): \(text.debugDescription)")
        }
    }

    @Test("a space before closing punctuation is no place to break")
    func spaceBeforeClosingPunctuationIsKept() {
        #expect(wrap("see you :) bye", 8) == ["see", "you :)", "bye"])
        #expect(wrap("a ( b", 3) == ["a", "( b"])
    }

    @Test("a cut long word avoids starting a row with punctuation")
    func cutAvoidsPunctuationAtRowStart() {
        #expect(wrap("abcdefgh, ok", 4) == ["abcd", "efg", "h,", "ok"])
    }

    @Test("emoji with a skin tone and a joined family are never split", arguments: [WidthModel.assumed, .graphemeClusters])
    func emojiAreNeverSplit(widths: WidthModel) {
        let text = "ok 👍🏽 fam 👨\u{200D}👩\u{200D}👧\u{200D}👦 end👍🏽👨\u{200D}👩\u{200D}👧\u{200D}👦"
        let glyphs = TerminalText.glyphs(text, widths: widths)
        for width in 1...24 {
            let rows = WordWrap.glyphLines(text, width: width, widths: widths)
            for row in rows {
                #expect(row.reduce(0) { $0 + $1.width } <= width, "width \(width)")
                #expect(row.allSatisfy { glyph in glyphs.contains(glyph) }, "width \(width): a glyph was split")
            }
            let shown = rows.flatMap { $0 }
            for emoji in ["👍🏽", "👨\u{200D}👩\u{200D}👧\u{200D}👦"] {
                let columns = widths.width(of: Character(emoji))
                let count = shown.filter { $0.text == emoji }.count
                #expect(count == (columns <= width ? 2 : 0), "width \(width): \(emoji) shown \(count) times")
            }
        }
        #expect(WordWrap.lines("hello👍🏽", width: 6, widths: .graphemeClusters) == ["hello", "👍🏽"])
    }

    @Test("a glyph wider than the row is dropped")
    func tooWideGlyphIsDropped() {
        #expect(wrap("a日b", 1) == ["a", "b"])
    }

    // MARK: Properties

    @Test("any mix of words, CJK, punctuation and emoji keeps its glyphs, fits, and breaks cleanly",
          arguments: TextCorpus.models.map(\.model))
    func randomMixes(widths: WidthModel) {
        for seed in UInt64(1)...300 {
            var random = SplitMix64(seed: seed)
            let text = Self.randomMix(&random)
            // 8 columns hold every glyph (the family of four takes 8 under `assumed`).
            let width = 8 + Int(random.next() % 33)
            let rows = WordWrap.glyphLines(text, width: width, widths: widths)
            let glyphs = TerminalText.glyphs(text, widths: widths)
            let context = "seed \(seed), width \(width): \(text.debugDescription) -> \(rows.map { $0.map(\.text).joined() })"

            for row in rows {
                #expect(row.reduce(0) { $0 + $1.width } <= width, "too wide; \(context)")
                #expect(row.first?.text != " ", "a row starts with a space; \(context)")
            }
            #expect(Self.onlyBreakSpacesDropped(rows, from: glyphs), "glyphs lost or reordered; \(context)")
            for index in rows.indices.dropFirst() where !rows[index].isEmpty {
                let previous = rows[index - 1]
                guard Self.isForbiddenBreak(after: previous, before: rows[index][0]) else { continue }
                #expect(!Self.couldHaveMovedDown(previous, with: rows[index][0], width: width),
                        "row \(index) starts with \(rows[index][0].text) or row before ends with opening; \(context)")
            }
        }
    }
}

// MARK: - Checks

extension WordWrapTests {
    /// No row but the first starts with a closing or non-starter character; no row ends with an
    /// opening one.
    static func expectNoForbiddenEdges(_ rows: [String], width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, row) in rows.enumerated() {
            if index > 0, let first = row.unicodeScalars.first {
                #expect(!LineBreakClass.of(first).forbidsBreakBefore, "width \(width): row \(row) starts with \(first) in \(rows)",
                        sourceLocation: sourceLocation)
            }
            if index < rows.count - 1, let last = row.unicodeScalars.last {
                #expect(!LineBreakClass.of(last).forbidsBreakAfter, "width \(width): row \(row) ends with \(last) in \(rows)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// Whether the rows, read in order, are `glyphs` with only spaces left out, and those only
    /// where one row ends and the next begins (or at the very start and end). Rows never start
    /// with a space, so every space before a row is one the break dropped.
    static func onlyBreakSpacesDropped(_ rows: [[TerminalText.Glyph]], from glyphs: [TerminalText.Glyph]) -> Bool {
        var next = 0
        for row in rows {
            while next < glyphs.count, glyphs[next].text == " " { next += 1 }
            for glyph in row {
                guard next < glyphs.count, glyphs[next] == glyph else { return false }
                next += 1
            }
        }
        return glyphs[next...].allSatisfy { $0.text == " " }
    }

    /// Whether a row may not break between `row` and `next`.
    static func isForbiddenBreak(after row: [TerminalText.Glyph], before next: TerminalText.Glyph) -> Bool {
        let end = row.last { $0.text != " " }
        return LineBreakClass.of(next).forbidsBreakBefore || end.map { LineBreakClass.of($0).forbidsBreakAfter } == true
    }

    /// Whether some glyphs at the end of `row` could have moved down with `next` to make a
    /// clean break: the row could have taken something else than it did.
    static func couldHaveMovedDown(_ row: [TerminalText.Glyph], with next: TerminalText.Glyph, width: Int) -> Bool {
        for kept in row.indices.dropFirst() {
            let moved = row[kept...].drop { $0.text == " " }
            let movedWidth = moved.reduce(next.width) { $0 + $1.width }
            if movedWidth <= width, !isForbiddenBreak(after: Array(row[..<kept]), before: moved.first ?? next) {
                return true
            }
        }
        return false
    }

    // MARK: Random text

    /// ASCII words with single and double spaces; with attached punctuation when `punctuated`.
    static func randomASCII(_ random: inout SplitMix64, punctuated: Bool) -> String {
        let words = ["a", "to", "the", "quick", "brown", "jumped", "over", "lazy", "dog", "wrapping", "x1", "Donaudampfschiff"]
        var text = ""
        for index in 0..<Int(random.next() % 12) {
            if index > 0 { text += random.next() % 5 == 0 ? "  " : " " }
            var word = words[Int(random.next() % UInt64(words.count))]
            if punctuated, random.next() % 3 == 0 { word += [",", ".", "!", "?", ")", ":"][Int(random.next() % 6)] }
            if punctuated, random.next() % 6 == 0 { word = "(" + word }
            text += word
        }
        return text
    }

    /// A chat line mixing ASCII words, CJK runs, CJK and ASCII punctuation, emoji, URLs and code.
    static func randomMix(_ random: inout SplitMix64) -> String {
        let pieces: [String] = [
            "hello", "world", "x", "supercalifragilistic", "日本語", "中文字", "東京", "ちょっと", "コーヒー", "한국어",
            "、", "。", "，", "．", "）", "」", "』", "】", "！", "？", "ー", "々", "・", "ゃ",
            "（", "「", "『", "【", "“", "”", "(", ")", "[", "]", ",", ".", ":", "!", "?", "%",
            "👍🏽", "👨\u{200D}👩\u{200D}👧\u{200D}👦", "🇩🇪", "😀", "❤\u{FE0F}", "é", "e\u{301}", "Ａ",
            "https://example.com/a/b", "`code span`", "`x`",
        ]
        var text = ""
        for _ in 0..<Int(random.next() % 24) {
            switch random.next() % 4 {
            case 0: text += " "
            case 1 where random.next() % 4 == 0: text += "  "
            default: break
            }
            text += pieces[Int(random.next() % UInt64(pieces.count))]
        }
        return text
    }
}

/// The word wrapper as it was before it learnt UAX #14: breaks at spaces only. ASCII text
/// without a space before punctuation must wrap the same way today.
enum LegacyWordWrap {
    static func lines(_ text: String, width: Int) -> [String] {
        let glyphs = TerminalText.glyphs(text, widths: .assumed)
        var lines: [[TerminalText.Glyph]] = []
        var line: [TerminalText.Glyph] = []
        var lineWidth = 0
        var start = 0
        while start <= glyphs.count {
            var end = start
            var wordWidth = 0
            while end < glyphs.count, glyphs[end].text != " " {
                wordWidth += glyphs[end].width
                end += 1
            }
            let gap = line.isEmpty ? 0 : 1
            if lineWidth + gap + wordWidth <= width {
                if gap == 1 { line.append(glyphs[start - 1]) }
                line += glyphs[start..<end]
                lineWidth += gap + wordWidth
            } else {
                if !line.isEmpty { lines.append(line) }
                line = []
                lineWidth = 0
                for glyph in glyphs[start..<end] where glyph.width <= width {
                    if lineWidth + glyph.width > width {
                        lines.append(line)
                        line = []
                        lineWidth = 0
                    }
                    line.append(glyph)
                    lineWidth += glyph.width
                }
            }
            start = end + 1
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines.map { $0.map(\.text).joined() }
    }
}
