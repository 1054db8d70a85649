import ArgumentParser
import Foundation
import HuddleTUI
#if canImport(Glibc)
import Glibc
#endif

/// `huddle-bench probe`: how long the TUI's start-up question to the terminal takes
/// (``WidthQuery``), in the terminal it runs in. Run by `Benchmarks/terminal-probe.sh` in tmux
/// (which answers) and in a pseudo-terminal that answers nothing.
struct ProbeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", abstract: "The terminal width probe's wait.")

    @Option(help: "Also write the JSON line to this file (the terminal's screen is not kept).") var out: String?
    @Option(help: "Times to ask.") var runs = 5

    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            try printJSON(["bench": "terminal-probe", "skipped": "standard input and output must be a terminal"])
            return
        }
        var saved = termios()
        tcgetattr(0, &saved)
        var raw = saved
        cfmakeraw(&raw)
        tcsetattr(0, TCSANOW, &raw)
        var times: [Double] = []
        var model = WidthModel.assumed
        var enabled = false
        for _ in 0..<runs {
            let (probe, milliseconds) = WidthQuery.ask()
            times.append(milliseconds)
            model = probe.model
            enabled = probe.shouldEnableGraphemeClusters
        }
        tcsetattr(0, TCSANOW, &saved)
        let answered = model.source != .assumed
        let report: [String: Any] = [
            "bench": "terminal-probe",
            "terminal": ProcessInfo.processInfo.environment["TERM"] ?? "?",
            "answered": answered,
            "model": model.summary,
            "grapheme_mode_supported": enabled || model.source == .graphemeClusters,
            "wait_ms_median": median(times),
            "wait_ms_max": percentile(times, 1),
            (answered ? "goal_ms_when_answered" : "goal_ms_when_silent"): answered ? 50 : 100,
        ]
        try printJSON(report)
        if let out {
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            try (String(decoding: data, as: UTF8.self) + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
    }
}
