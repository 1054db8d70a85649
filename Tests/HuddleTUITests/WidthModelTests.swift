import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("One width model, learnt from the terminal")
struct WidthModelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        /// Columns under grapheme-cluster mode, tmux 3.3a as measured, and nothing known.
        let cluster: Int
        let tmux: Int
        let assumed: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ASCII letter", text: "a", cluster: 1, tmux: 1, assumed: 1),
        Case(name: "ideograph", text: "中", cluster: 2, tmux: 2, assumed: 2),
        Case(name: "Hangul from jamo", text: "\u{1100}\u{1161}\u{11A8}", cluster: 2, tmux: 2, assumed: 2),
        Case(name: "combining accent", text: "e\u{301}", cluster: 1, tmux: 1, assumed: 1),
        Case(name: "flag", text: "🇩🇪", cluster: 2, tmux: 2, assumed: 2),
        Case(name: "skin tone", text: "👍🏽", cluster: 2, tmux: 4, assumed: 4),
        Case(name: "two people joined", text: "👩\u{200D}💻", cluster: 2, tmux: 2, assumed: 4),
        Case(name: "family of four", text: "👨\u{200D}👩\u{200D}👧\u{200D}👦", cluster: 2, tmux: 2, assumed: 8),
        Case(name: "VS16 heart", text: "\u{2764}\u{FE0F}", cluster: 2, tmux: 1, assumed: 1),
        Case(name: "VS15 watch", text: "\u{231A}\u{FE0E}", cluster: 1, tmux: 2, assumed: 2),
        Case(name: "keycap", text: "1\u{FE0F}\u{20E3}", cluster: 2, tmux: 1, assumed: 1),
        Case(name: "recent emoji", text: "\u{1FAE0}", cluster: 2, tmux: 2, assumed: 2),
    ]

    @Test("widths of each kind of cluster under each model", arguments: cases)
    func widths(_ example: Case) {
        let character = Character(example.text)
        #expect(WidthModel.graphemeClusters.width(of: character) == example.cluster)
        #expect(TextCorpus.tmux33a.width(of: character) == example.tmux)
        #expect(WidthModel.assumed.width(of: character) == example.assumed)
    }

    @Test("letters, CJK and accents are certain everywhere; joined emoji only where the terminal showed its rule")
    func certainty() {
        for text in ["a", "中", "é", "e\u{301}", "한"] {
            #expect(WidthModel.assumed.isCertain(Character(text)), "\(text)")
        }
        for (_, text) in TextCorpus.clusters {
            #expect(WidthModel.graphemeClusters.isCertain(Character(text)), "\(text)")
        }
        #expect(!WidthModel.assumed.isCertain("👍🏽"))
        #expect(!WidthModel.assumed.isCertain("\u{1FAE0}"))
        #expect(TextCorpus.tmux33a.isCertain("👍🏽"))
        #expect(TextCorpus.tmux33a.isCertain("\u{1FAE0}"))
    }

    @Test("the one-scalar fast path agrees with the general measure for every scalar, under each model")
    func singleScalarFastPath() {
        for (name, widths) in TextCorpus.models {
            var disagreements: [String] = []
            for value in UInt32(0x20)...0x3FFFF {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let character = Character(scalar)
                let general = (widths.width(of: character), widths.isCertain(character))
                let fast = widths.measure(scalar)
                if fast != general, disagreements.count < 5 { disagreements.append(String(value, radix: 16)) }
            }
            #expect(disagreements.isEmpty, "under \(name): U+\(disagreements)")
        }
    }

    @Test("a cluster is one glyph whatever its width, and its joiners, tones and tags stay in it")
    func clustersStayWhole() {
        for (model, widths) in TextCorpus.models {
            for (name, text) in TextCorpus.clusters {
                let glyphs = TerminalText.glyphs("x" + text + "y", widths: widths)
                #expect(glyphs.map(\.text) == ["x", text, "y"], "\(name) under \(model)")
                #expect(glyphs[1].width == widths.width(of: Character(text)), "\(name) under \(model)")
            }
        }
    }
}

@Suite("The start-up probe of the terminal")
struct WidthProbeTests {
    @Test("what tmux 3.3a answers: no mode 2027, cursor reports for each probe")
    func tmuxReplies() {
        var probe = WidthProbe()
        probe.receive(TextCorpus.tmux33aReplies)
        #expect(probe.isComplete)
        #expect(!probe.shouldEnableGraphemeClusters)
        #expect(probe.measured == [2, 4, 2, 1, 2, 1, 2])
        let model = probe.model
        #expect(model.source == .measured)
        #expect(model.kinds[.joined]?.rule == .wholeCluster)
        #expect(model.kinds[.skinTone]?.rule == .perScalar)
        #expect(model.kinds[.emojiStyle]?.rule == .perScalar)
        #expect(probe.typed.isEmpty)
    }

    @Test("a terminal with grapheme-cluster mode gets it turned on", arguments: [1, 2, 3])
    func graphemeMode(_ report: Int) {
        var probe = WidthProbe()
        probe.receive(Array("\u{1B}[?2027;\(report)$y\u{1B}[1;3R\u{1B}[?62;22c".utf8))
        #expect(probe.model == .graphemeClusters)
        #expect(probe.shouldEnableGraphemeClusters == (report != 3))
    }

    @Test("mode 2027 unknown (0) or always off (4) falls back to the cursor reports", arguments: [0, 4])
    func graphemeModeRefused(_ report: Int) {
        var probe = WidthProbe()
        probe.receive(Array("\u{1B}[?2027;\(report)$y".utf8) + TextCorpus.tmux33aReplies)
        #expect(probe.model == TextCorpus.tmux33a)
        #expect(!probe.shouldEnableGraphemeClusters)
    }

    @Test("a terminal that answers nothing gives the per-scalar model")
    func silence() {
        let probe = WidthProbe()
        #expect(!probe.isComplete)
        #expect(probe.model == .assumed)
    }

    @Test("replies split across reads, byte by byte, are put together")
    func splitReplies() {
        var probe = WidthProbe()
        for byte in TextCorpus.tmux33aReplies { probe.receive([byte]) }
        #expect(probe.model == TextCorpus.tmux33a)
        #expect(probe.typed.isEmpty)
    }

    @Test("keys typed while the probe runs are kept, in order, for the input")
    func typedKeysKept() {
        var probe = WidthProbe()
        probe.receive(Array("hi".utf8) + Array("\u{1B}[1;3R".utf8) + Array("é\u{1B}[A".utf8) + Array("\u{1B}[?1;2c".utf8))
        #expect(String(decoding: probe.typed, as: UTF8.self) == "hié\u{1B}[A")
        #expect(probe.measured == [2])
    }

    @Test("hostile replies: huge numbers and endless sequences are bounded")
    func hostileReplies() {
        var probe = WidthProbe()
        probe.receive(Array("\u{1B}[1;99999999999R\u{1B}[1;3R".utf8))
        #expect(probe.measured == [2], "a column of more than six digits is not a reply")
        probe.receive(Array(repeating: 0x31, count: 10) + [0x1B, 0x5B] + Array(repeating: 0x3B, count: 100))
        #expect(probe.typed.count >= 100, "an escape longer than any reply is given up on as input")
        for _ in 0..<20 { probe.receive(Array("\u{1B}[1;3R".utf8)) }
        #expect(probe.measured.count == WidthProbe.probes.count, "no more reports than probes are counted")
    }

    @Test("the request asks about mode 2027, then each probe, then the device attributes last")
    func request() {
        let text = String(decoding: WidthProbe.request, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}[?2027$p"))
        for kind in ClusterKind.allCases { #expect(text.contains("\u{1B}[1;1H" + kind.probe + "\u{1B}[6n")) }
        #expect(text.hasSuffix("\u{1B}[c\u{1B}[1;1H\u{1B}[2J"))
    }
}
