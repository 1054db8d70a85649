import ArgumentParser
import Dispatch
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle daemon`: a headless peer that logs to stderr.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run a headless peer (logs to stderr; stop it with Ctrl-C or SIGTERM)."
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let running = try await RunningPeer.start(options)
        let (profile, peer, control, port) = (running.profile, running.peer, running.control, running.port)
        log("\(profile.config.nickname) (\(peer.id.short)) listening on port \(port); control socket \(control.path)")
        let events = Task {
            for await event in peer.events {
                switch event {
                case let .notice(text): log(text)
                case let .keyChanged(warning):
                    log(warning.message(remedy: "run huddle trust \(warning.newShortID) verify (or block)"))
                case let .incompatible(reason): log("INCOMPATIBLE: \(reason)")
                case let .chat(line) where !line.mine:
                    log("\(line.document) <\(line.nickname)> \(line.body)")
                case let .transfer(info) where info.state == .offered || info.state.isFinal:
                    log("transfer \(info.shortID) \(info.direction == .outgoing ? "to" : "from") \(info.nickname): \(info.names.joined(separator: ", ")) "
                        + "\(ByteCount.format(info.bytes)), \(info.state)\(info.reason.map { " (\($0))" } ?? "")"
                        + (info.state == .offered && info.direction == .incoming ? ": huddle accept \(info.shortID) (or reject)" : ""))
                case .peersChanged, .chat, .chatUpdated, .noteChanged, .documentsChanged, .transfer, .namesLearned, .typing: break
                }
            }
        }
        let signal = await Self.waitForStopSignal()
        log("stopping (signal \(signal))")
        await running.stop()
        events.cancel()
    }

    func log(_ text: String) {
        printError("\(Self.utcTimestamp()) \(TerminalText.sanitized(text))")
    }

    /// The time now as `2026-11-22T01:57:09Z`. strftime rather than ISO8601DateFormatter:
    /// the formatter loads ICU's data, about 8 MB that an idle daemon would keep resident.
    static func utcTimestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Waits for SIGINT or SIGTERM.
    static func waitForStopSignal() async -> Int32 {
        await withCheckedContinuation { continuation in
            let resumed = NSLock()
            var done = false
            var sources: [DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
                source.setEventHandler {
                    resumed.lock()
                    defer { resumed.unlock() }
                    guard !done else { return }
                    done = true
                    sources.forEach { $0.cancel() }
                    continuation.resume(returning: number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
