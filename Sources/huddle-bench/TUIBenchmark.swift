import ArgumentParser
import Foundation
import HuddleApp
import HuddleCore
import HuddleTUITesting
import HuddleTUI

/// `huddle-bench tui`: how fast the screen is drawn.
///
/// Prints one JSON line: a full render plus diff of a 200x60 screen of a chat of 10,000
/// messages (the pane keeps the newest `TUIState.maxMessages`), with replies, reactions, code
/// and messages of several lines among them (goal: under 1 ms), and a render of one changed
/// keystroke (what typing costs).
struct TUIBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Render and diff timings.")

    @Option(help: "Frames to time.") var frames = 2000
    @Option(help: "Messages the chat receives.") var messages = 10_000

    func run() throws {
        let size = TerminalSize(rows: 60, columns: 200)
        var state = TUIState(size: size, nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        for index in 0..<50 { state.notice("notice \(index): 日本語 and emoji 🎉 in a line") }
        for index in 0..<messages {
            let nick = ["ann", "ben", "李雷"][index % 3]
            // Replies, reactions, code and messages of several lines among them (issue 16).
            let code = index % 7 == 0 ? " run `make test` then `make run`" : ""
            let lines = index % 11 == 0 ? "\n```\nswift build -c release\n```\nand then ship it" : ""
            var row = ChatRow(
                id: "m\(index)", nickname: nick, colorKey: nick,
                body: "message \(index): 日本語 and emoji 🎉, long enough to wrap " + String(repeating: "words ", count: index % 40) + code + lines,
                clock: "12:34", mine: index % 3 == 0, mentionsMe: index % 17 == 0, edited: index % 13 == 0)
            if index % 5 == 0 { row.replyQuote = "ben: the message this one answers, cut to one line if it is long" }
            if index % 4 == 0 { row.reactions = "👍 3  🎉 1  ❤️ 2" }
            _ = reduce(&state, .chatReceived(document: state.channelDocument, row))
        }
        let screen = MemoryScreen(size: size)

        // Full frame: render, then diff against a blank screen (every cell changes).
        var fullTimes: [Double] = []
        for _ in 0..<frames {
            let start = DispatchTime.now().uptimeNanoseconds
            let frame = render(state)
            let runs = frame.grid.changes(from: nil)
            precondition(!runs.isEmpty)
            fullTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        // Typing: one key changes the input line; render and diff against the previous frame.
        var keyTimes: [Double] = []
        var previous = render(state).grid
        for index in 0..<frames {
            let letter = Character(Unicode.Scalar(UInt8(97 + index % 26)))
            _ = reduce(&state, .key(.character(index % 7 == 6 ? " " : letter)))
            let start = DispatchTime.now().uptimeNanoseconds
            let frame = render(state)
            _ = frame.grid.changes(from: previous) // a typed space at the end changes no cell
            keyTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            screen.present(frame.grid, cursor: nil)
            previous = frame.grid
        }
        let report: [String: Any] = [
            "bench": "tui-render",
            "screen": "200x60",
            "chat_messages": messages, "messages_in_pane": state.messages.count,
            "full_render_diff_ms_median": median(fullTimes),
            "full_render_diff_ms_p99": percentile(fullTimes, 0.99),
            "keystroke_render_diff_ms_median": median(keyTimes),
            "goal_full_render_diff_ms": 1.0,
        ]
        try printJSON(report)
        try corpusReport()
        try editorReport()
    }

    /// A 200x60 chat full of the text corpus (CJK, flags, skin tones, joined emoji, marks),
    /// under each width model: render, diff against nothing, and the bytes for the terminal.
    func corpusReport() throws {
        let size = TerminalSize(rows: 60, columns: 200)
        let pieces = TextCorpus.clusters.map(\.text) + [TextCorpus.message, TextCorpus.rightToLeft, "日本語の文章は、句読点で終わる。"]
        for (name, widths) in TextCorpus.models {
            var state = TUIState(size: size, nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
            state.widths = widths
            for index in 0..<messages {
                let body = (0..<12).map { pieces[(index * 7 + $0) % pieces.count] }.joined(separator: " ")
                _ = reduce(&state, .chatReceived(document: state.channelDocument, ChatRow(
                    id: "m\(index)", nickname: ["ann", "李雷", "bob👍🏽"][index % 3], colorKey: "k\(index % 3)", body: body, clock: "12:34")))
            }
            let writer = TerminalWriter(colors: 256)
            var renderTimes: [Double] = []
            var writeTimes: [Double] = []
            var bytes = 0
            for _ in 0..<frames / 2 {
                let start = DispatchTime.now().uptimeNanoseconds
                let frame = render(state)
                let runs = frame.grid.changes(from: nil)
                precondition(!runs.isEmpty)
                let rendered = DispatchTime.now().uptimeNanoseconds
                bytes = writer.bytes(for: frame.grid, previous: nil, cursor: nil).count
                renderTimes.append(Double(rendered - start) / 1e6)
                writeTimes.append(Double(DispatchTime.now().uptimeNanoseconds - rendered) / 1e6)
            }
            try printJSON([
                "bench": "tui-render-corpus",
                "screen": "200x60",
                "width_model": name,
                "full_render_diff_ms_median": median(renderTimes),
                "full_render_diff_ms_p99": percentile(renderTimes, 0.99),
                "terminal_bytes_ms_median": median(writeTimes),
                "terminal_bytes_full_frame": bytes,
                "goal_full_render_diff_ms": 1.0,
            ])
        }
    }

    /// Editing a 1 MB note in the TUI: the mirror applying the peer's patch for one typed key,
    /// plus a render and diff (the peer's CRDT edit and store are in `huddle-bench sync`'s world).
    func editorReport() throws {
        let size = TerminalSize(rows: 60, columns: 200)
        var state = TUIState(size: size, nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        let line = "The quick brown fox jumps over the lazy dog; 日本語 and 🚀 in a note line.\n"
        let text = String(repeating: line, count: 1_000_000 / line.utf8.count)
        let middle = text.unicodeScalars.count / 2
        _ = reduce(&state, .noteOpened(NoteView(document: .note(workspace: .lan, name: "big"), name: "big", text: text, caret: middle)))
        var previous = render(state).grid
        var times: [Double] = []
        for index in 0..<frames {
            let caret = middle + index
            let start = DispatchTime.now().uptimeNanoseconds
            _ = reduce(&state, .noteUpdated(NoteUpdate(document: .note(workspace: .lan, name: "big"), editor: "ada", patches: [.insert(at: caret, text: "x")], carets: [.screen: caret + 1])))
            let frame = render(state)
            _ = frame.grid.changes(from: previous)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            previous = frame.grid
        }
        try printJSON([
            "bench": "tui-editor",
            "note_bytes": text.utf8.count,
            "keystroke_apply_render_diff_ms_median": median(times),
            "keystroke_apply_render_diff_ms_p99": percentile(times, 0.99),
            "goal_cpu_ms_per_keystroke": 2.0,
            "method": "one typed key in the middle of a 1 MB note: the editor mirror applies the patch, then render and diff of 200x60",
        ])
    }
}

func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
    return (sorted[index] * 1000).rounded() / 1000
}

func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
