import ArgumentParser
import Foundation
import HuddleApp
import HuddleCore

/// `huddle-bench ack`: acknowledged chat messages per second through the control socket, from
/// the request to the stored message (SQLite commit), with one writer and with ten writing at
/// once, SQLite's `synchronous = FULL` (huddle's setting: an acknowledged message survives a
/// power cut) beside `NORMAL` in the same run.
struct AckBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledged messages per second through the control socket, synchronous FULL beside NORMAL."
    )

    @Option(help: "Seconds each case runs.") var seconds: Double = 3

    func run() async throws {
        var rates: [String: Double] = [:]
        for mode in ["NORMAL", "FULL"] {
            for writers in [1, 10] {
                let rate = try await measure(synchronous: mode, writers: writers)
                rates["\(mode)-\(writers)"] = rate
                print(#"{"case": "ack", "synchronous": "\#(mode)", "writers": \#(writers), "messages_per_s": \#(f(rate))}"#)
            }
        }
        let ratio = (rates["FULL-10"] ?? 0) / max(1, rates["NORMAL-10"] ?? 1)
        print(#"{"full_vs_normal_ten_writers": \#(f(ratio)), "goal_full_vs_normal_ten_writers": 0.5, "#
            + #""method": "in-process peer, its control socket, each writer a thread sending say requests one after another for \#(seconds) s; the rate counts answered requests"}"#)
    }

    /// Messages per second that `writers` threads get acknowledged with `synchronous`.
    func measure(synchronous: String, writers: Int) async throws -> Double {
        setenv("HUDDLE_SQLITE_SYNCHRONOUS", synchronous, 1)
        defer { unsetenv("HUDDLE_SQLITE_SYNCHRONOUS") }
        let home = NSTemporaryDirectory() + "huddle-ack-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let profile = try LocalProfile.load(home: home, nickname: "writer", environment: [:])
        let peer = try Peer(profile: profile, options: NetworkOptions(port: 0, discovery: false))
        _ = try await peer.start()
        let control = try await ControlServer.start(path: profile.folders.controlSocket, peer: peer)
        let client = ControlClient(path: profile.folders.controlSocket)
        let deadline = Date().addingTimeInterval(seconds)
        let started = Date()
        let counts = await withTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        Thread.detachNewThread {
                            var sent = 0
                            while Date() < deadline {
                                guard case .lines = try? client.send(.say(channel: "#general", text: "w\(writer) m\(sent)")) else { break }
                                sent += 1
                            }
                            continuation.resume(returning: sent)
                        }
                    }
                }
            }
            return await group.reduce(0, +)
        }
        let elapsed = Date().timeIntervalSince(started)
        await control.stop()
        await peer.stop()
        return Double(counts) / elapsed
    }

    func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
