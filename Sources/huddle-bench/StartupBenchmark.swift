import ArgumentParser
import CPseudoTerminal
import Foundation
#if canImport(Glibc)
import Glibc
import HuddleTesting
#endif

/// `huddle-bench startup`: the real `huddle` binary in a pseudo-terminal.
///
/// Times cold start to first frame (goal: under 150 ms in a release build; the pseudo-terminal
/// answers the start-up width probe as a terminal would) and measures the
/// CPU an idle huddle uses (goal: 0%), then quits it with Ctrl-Q. (Exit codes and terminal
/// restoring are checked by the tmux end-to-end tests; here a child sometimes stays in the
/// kernel's exit path after its pty closed, so the benchmark does not judge them.)
struct StartupBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "startup", abstract: "Start-to-first-frame and idle CPU of huddle.")

    @Option(help: "The huddle binary (default: beside huddle-bench).") var huddle: String?
    @Option(help: "Runs to time.") var runs = 10
    @Option(help: "Seconds to watch an idle huddle.") var idleSeconds = 3.0

    func run() throws {
        let binary = huddle ?? (CommandLine.arguments[0] as NSString).deletingLastPathComponent + "/huddle"
        let home = NSTemporaryDirectory() + "huddle-bench-startup-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: home) }
        var firstFrames: [Double] = []
        var idleCPU: [Double] = []
        for index in 0..<runs {
            let run = try PTYProcess(binary: binary, arguments: ["--home", home, "--nick", "bench", "--no-discovery"],
                                     environment: ["TERM": "xterm-256color",
                                                   "LANG": "C.UTF-8", "HOME": home])
            guard let frameMs = run.wait(for: "quit", timeout: 10) else {
                run.kill()
                throw ValidationError("huddle drew no frame within 10 s (output: \(run.outputTail))")
            }
            firstFrames.append(frameMs)
            if index == 0 { idleCPU.append(run.cpuPercent(over: idleSeconds)) }
            run.quit(sending: [0x11])
        }
        try printJSON([
            "bench": "tui-startup",
            "runs": runs,
            "first_frame_ms_median": median(firstFrames),
            "first_frame_ms_max": firstFrames.max() ?? 0,
            "goal_first_frame_ms": 150,
            "idle_cpu_percent": idleCPU.first ?? 0,
            "goal_idle_cpu_percent": 0,
        ])
    }
}

/// A child process whose stdin, stdout and stderr are a new pseudo-terminal.
final class PTYProcess {
    let pid: pid_t
    let master: Int32
    let started: UInt64
    private(set) var output: [UInt8] = []

    init(binary: String, arguments: [String], environment: [String: String]) throws {
        var name = [CChar](repeating: 0, count: 256)
        master = huddle_open_pty(40, 120, &name, name.count)
        guard master >= 0 else { throw ValidationError("cannot open a pseudo-terminal") }
        let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw ValidationError("cannot open \(slavePath)") }
        defer { close(slave) }
        started = DispatchTime.now().uptimeNanoseconds
        do {
            pid = try Spawn.start([binary] + arguments, environment: environment, newSession: true) { actions in
                for target: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, target) }
                posix_spawn_file_actions_addclose(&actions, slave)
            }
        } catch {
            throw ValidationError("cannot start \(binary): \(error)")
        }
    }

    deinit { close(master) }

    /// Milliseconds from spawn until `marker` appears in the output, or `nil` on time-out.
    func wait(for marker: String, timeout: Double) -> Double? {
        let needle = Array(marker.utf8)
        let deadline = started + UInt64(timeout * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            drain(waitMs: 5)
            if output.count >= needle.count, contains(needle) {
                return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            }
        }
        return nil
    }

    /// Reads what the child wrote, waiting up to `waitMs` for the first bytes.
    func drain(waitMs: Int32) {
        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
        // Read on POLLHUP too: what the child wrote last must be read, or its exit waits for it.
        while poll(&fds, 1, output.isEmpty ? waitMs : min(waitMs, 1)) > 0, fds[0].revents & Int16(POLLIN | POLLHUP) != 0 {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { return }
            answerQueries(in: buffer[0..<count])
            output += buffer[0..<count]
            fds[0].revents = 0
        }
    }

    /// Answers what huddle asks a terminal at start, as a terminal does: a cursor report for
    /// each `ESC [ 6 n` (two columns on), primary device attributes for `ESC [ c`.
    func answerQueries(in chunk: ArraySlice<UInt8>) {
        var reply: [UInt8] = []
        let bytes = Array(chunk)
        for index in bytes.indices where bytes[index] == 0x1B && index + 2 < bytes.count && bytes[index + 1] == 0x5B {
            if bytes[index + 2] == 0x63 { reply += Array("\u{1B}[?62;22c".utf8) }
            if index + 3 < bytes.count, bytes[index + 2] == 0x36, bytes[index + 3] == 0x6E { reply += Array("\u{1B}[1;3R".utf8) }
        }
        if !reply.isEmpty { _ = reply.withUnsafeBytes { write(master, $0.baseAddress, $0.count) } }
    }

    func contains(_ needle: [UInt8]) -> Bool {
        let haystack = output
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }

    /// The child's CPU use over `seconds` of doing nothing, in percent of one core.
    func cpuPercent(over seconds: Double) -> Double {
        let before = cpuTicks()
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < end { drain(waitMs: 50) }
        let ticks = Double(cpuTicks() - before)
        return (ticks / Double(sysconf(Int32(_SC_CLK_TCK))) / seconds * 100 * 100).rounded() / 100
    }

    /// utime + stime from /proc/PID/stat.
    func cpuTicks() -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime 14, stime 15 (1-based, whole line).
        guard fields.count > 12 else { return 0 }
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// Writes `bytes` (e.g. Ctrl-Q) and waits up to 1 s for the exit status; then kills it.
    @discardableResult
    func quit(sending bytes: [UInt8]) -> Int32 {
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        var status: Int32 = 0
        for _ in 0..<100 {
            drain(waitMs: 10)
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xFF }
        }
        kill()
        return -1
    }

    func kill() {
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    var outputTail: String {
        String(decoding: output.suffix(200), as: UTF8.self)
    }
}
