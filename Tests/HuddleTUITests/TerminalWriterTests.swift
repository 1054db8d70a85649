import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Frames written to a terminal that may disagree about widths")
struct TerminalWriterTests {
    static let writer = TerminalWriter(colors: 256)

    /// A terminal that draws every glyph huddle is certain of as huddle does, and every other
    /// one at a width of its own choosing (1 to 4 columns, fixed per glyph and seed).
    static func disagreeingTruth(with model: WidthModel, seed: UInt64) -> (Character) -> Int {
        { character in
            if model.isCertain(character) { return model.width(of: character) }
            var hash = seed
            for scalar in character.unicodeScalars { hash = (hash ^ UInt64(scalar.value)) &* 0x100000001B3 }
            return 1 + Int(hash % 4)
        }
    }

    /// A random frame: corpus text, ASCII words and blanks at random places, in random styles.
    static func randomFrame(_ size: TerminalSize, widths: WidthModel, from previous: CellGrid?,
                            using generator: inout SplitMix64) -> CellGrid {
        var grid = previous ?? CellGrid(size: size, widths: widths)
        let pieces = TextCorpus.clusters.map(\.text) + ["ab", "word ", "  ", "x", TextCorpus.message, TextCorpus.rightToLeft]
        let styles = [Style.plain, Style(foreground: .indexed(2)), Style(attributes: [.bold]), Style(background: .indexed(236))]
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            let text = (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            grid.write(text, row: Int.random(in: 0..<size.rows, using: &generator),
                       column: Int.random(in: 0..<size.columns, using: &generator),
                       style: styles.randomElement(using: &generator)!)
        }
        return grid
    }

    @Test("any sequence of frames, diffed, leaves the screen a full repaint would, whatever widths the terminal draws",
          arguments: TextCorpus.models.map(\.name))
    func diffEqualsRepaint(_ modelName: String) {
        let widths = TextCorpus.models.first { $0.name == modelName }!.model
        let size = TerminalSize(rows: 4, columns: 24)
        for seed in UInt64(1)...300 {
            var generator = SplitMix64(seed: seed)
            let truth = Self.disagreeingTruth(with: widths, seed: seed)
            var diffed = VirtualTerminal(size: size, widthOf: truth)
            var previous: CellGrid?
            for _ in 0..<6 {
                let frame = Self.randomFrame(size, widths: widths, from: Bool.random(using: &generator) ? previous : nil, using: &generator)
                diffed.receive(Self.writer.bytes(for: frame, previous: previous, cursor: (0, 0)))
                previous = frame
            }
            var repainted = VirtualTerminal(size: size, widthOf: truth)
            repainted.receive(Self.writer.bytes(for: previous!, previous: nil, cursor: (0, 0)))
            #expect(diffed.cells == repainted.cells, "seed \(seed) under \(modelName):\n\(diffed.lines)\n\(repainted.lines)")
            if diffed.cells != repainted.cells { return }
        }
    }

    @Test("a terminal that draws as the model says shows exactly the grid", arguments: TextCorpus.models.map(\.name))
    func agreeingTerminalShowsTheGrid(_ modelName: String) {
        let widths = TextCorpus.models.first { $0.name == modelName }!.model
        let size = TerminalSize(rows: 4, columns: 24)
        for seed in UInt64(1)...200 {
            var generator = SplitMix64(seed: seed)
            var terminal = VirtualTerminal(size: size, truth: widths)
            var previous: CellGrid?
            for _ in 0..<4 {
                let frame = Self.randomFrame(size, widths: widths, from: previous, using: &generator)
                terminal.receive(Self.writer.bytes(for: frame, previous: previous, cursor: nil))
                previous = frame
            }
            #expect(terminal.lines == previous!.lines, "seed \(seed) under \(modelName)")
            if terminal.lines != previous!.lines { return }
        }
    }

    @Test("a glyph of uncertain width is erased under, written, and followed by a cursor move")
    func uncertainGlyphIsReanchored() {
        var grid = CellGrid(size: TerminalSize(rows: 1, columns: 8), widths: .assumed)
        grid.write("a👍🏽b", row: 0, column: 0, style: .plain)
        let text = String(decoding: Self.writer.bytes(for: grid, previous: nil, cursor: nil), as: UTF8.self)
        #expect(text.contains("a\u{1B}[4X👍🏽\u{1B}[1;6Hb"))
    }

    @Test("a changed line holding an uncertain glyph is written whole; other lines only where they changed")
    func uncertainLineWrittenWhole() {
        var before = CellGrid(size: TerminalSize(rows: 2, columns: 10), widths: .assumed)
        before.write("👍🏽 ok", row: 0, column: 0, style: .plain)
        before.write("plain ok", row: 1, column: 0, style: .plain)
        var after = before
        after.write("no", row: 0, column: 8, style: .plain)
        after.write("no", row: 1, column: 8, style: .plain)
        let runs = after.changes(from: before)
        #expect(runs.map(\.row) == [0, 1])
        #expect(runs[0].column == 0 && runs[0].cells.count == 10)
        #expect(runs[1].column == 8 && runs[1].cells.count == 2)
    }

    @Test("styles become SGR, colours by the palette's size")
    func styles() {
        var grid = CellGrid(size: TerminalSize(rows: 1, columns: 3), widths: .assumed)
        grid.write("a", row: 0, column: 0, style: Style(foreground: .indexed(1), attributes: [.bold]))
        grid.write("b", row: 0, column: 1, style: Style(foreground: .indexed(9), background: .indexed(200)))
        let text = String(decoding: Self.writer.bytes(for: grid, previous: nil, cursor: (0, 2)), as: UTF8.self)
        #expect(text.contains("\u{1B}[0;1;31ma\u{1B}[0;91;48;5;200mb"))
        #expect(text.hasSuffix("\u{1B}[1;3H\u{1B}[?25h"))
        let mono = String(decoding: TerminalWriter(colors: 0).bytes(for: grid, previous: nil, cursor: nil), as: UTF8.self)
        #expect(mono.contains("\u{1B}[0;1ma\u{1B}[0mb"))
    }

    @Test("overwriting part of a wide glyph blanks the rest of it, in the grid as on the terminal")
    func partialOverwrite() {
        var grid = CellGrid(size: TerminalSize(rows: 1, columns: 8), widths: .assumed)
        grid.write("👨\u{200D}👩\u{200D}👧\u{200D}👦", row: 0, column: 0, style: .plain)
        #expect(grid[0, 0].width == 8)
        grid.write("x", row: 0, column: 3, style: .plain)
        #expect(grid.line(0) == "   x    ")
    }
}
