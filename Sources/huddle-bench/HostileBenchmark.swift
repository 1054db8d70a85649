import ArgumentParser
import Foundation
import HuddleCore
import HuddleNet
import HuddleTesting
import NIOCore
import NIOPosix

/// `huddle-bench hostile`: the attacker of Benchmarks/hostile.sh. Sends one attack of the
/// hardening issue to a running peer, over and over, for a while, with fresh keys where the
/// attack calls for them; prints what it sent. The victim's memory and an honest peer's
/// delivery time are measured by the script around it.
struct HostileBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hostile", abstract: "Attack a running peer (Benchmarks/hostile.sh).")

    enum Attack: String, CaseIterable, ExpressibleByArgument {
        /// Opens 2,000 TCP connections at once and holds them.
        case connections
        /// Half of a 1 MiB frame on as many connections as the victim takes, then silence.
        case stalledFrames = "stalled-frames"
        /// Hello with an 800 KB nickname, a fresh key each time.
        case nickname
        /// Note changes that would spend 2^32 seqs, a fresh key each time.
        case seqInflation = "seq-inflation"
        /// Posts with the chat clock at 2^62, a fresh key each time.
        case lamport
        /// SyncState pages naming 1,000 made-up notes each.
        case stateFlood = "state-flood"
        /// Posts by throwaway authors, 500 per batch.
        case authors
        /// Changes that can never apply, 4,000 per fresh key.
        case pending
        /// Complete empty SyncStates, asking for the whole history again and again.
        case emptyStates = "empty-states"
        /// 64 KiB of random bytes after Hello, a fresh connection each time.
        case garbage
    }

    @Option(help: "The victim's address.") var host = "127.0.0.1"
    @Option(help: "The victim's session port.") var port: Int
    @Option(help: "The attack: \(Attack.allCases.map(\.rawValue).joined(separator: ", ")).") var attack: Attack
    @Option(help: "How long to attack, in seconds.") var seconds = 10.0

    func run() async throws {
        let end = Date().addingTimeInterval(seconds)
        var sent = 0, connections = 0, failures = 0
        var random = SplitMix64(seed: 0x686f7374696c65)
        func connect(_ nickname: String = "mallory") async -> HostilePeer? {
            connections += 1
            do { return try await HostilePeer.connect(to: port, host: host, as: nickname) } catch {
                failures += 1
                return nil
            }
        }
        func send(_ messages: [SyncMessage], on peer: HostilePeer) async {
            for message in messages {
                do {
                    try await peer.send(message)
                    sent += 1
                } catch {
                    failures += 1
                    return
                }
            }
        }
        switch attack {
        case .connections:
            sent = try await holdConnections(2000, until: end, opened: &connections)
        case .stalledFrames:
            var held: [HostilePeer] = []
            while Date() < end {
                held.removeAll { !$0.isConnected }
                if held.count < 64, let peer = await connect() {
                    try? await peer.sendRaw(Array(HostilePeer.frame([UInt8](repeating: 0x0A, count: 1 << 20)).prefix(600_000)))
                    held.append(peer)
                    sent += 1
                } else {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            for peer in held { await peer.close() }
        case .nickname:
            while Date() < end {
                if let peer = await connect(String(repeating: "ä", count: 400_000)) {
                    sent += 1
                    await peer.close()
                }
            }
        case .seqInflation, .lamport, .pending:
            while Date() < end {
                guard let peer = await connect() else { continue } // refused: try again at once, as an attacker would
                let messages = switch attack {
                case .seqInflation: try HostileMessages.seqInflation(by: peer.identity, in: try .note("plan"))
                case .lamport: try HostileMessages.lamportJump(by: peer.identity)
                default: try HostileMessages.neverApplying(4000, by: peer.identity)
                }
                await send(messages, on: peer)
                await peer.close()
            }
        case .stateFlood, .authors, .emptyStates:
            guard let peer = await connect() else { break }
            var page = 0
            while Date() < end, peer.isConnected {
                switch attack {
                case .stateFlood: await send([try HostileMessages.stateFlood(page: page)], on: peer)
                case .authors: await send(try HostileMessages.throwawayAuthors(500, tag: "spam \(page)"), on: peer)
                default:
                    await send([HostileMessages.emptyState], on: peer)
                    try await Task.sleep(for: .milliseconds(50))
                }
                page += 1
            }
            await peer.close()
        case .garbage:
            while Date() < end {
                guard let peer = await connect() else { continue }
                try? await peer.sendRaw((0..<65_536).map { _ in UInt8(truncatingIfNeeded: random.next()) })
                sent += 1
                await peer.close()
            }
        }
        try printJSON([
            "attacker": attack.rawValue, "seconds": seconds, "sent": sent, "connections": connections, "refused_or_failed": failures,
        ])
    }

    /// Opens `count` plain TCP connections (no TLS, nothing said) and holds them until `end`;
    /// returns how many the victim still held open at the end.
    func holdConnections(_ count: Int, until end: Date, opened: inout Int) async throws -> Int {
        let group = MultiThreadedEventLoopGroup.singleton
        var held: [Channel] = []
        let batch = (0..<count).map { _ in ClientBootstrap(group: group).connectTimeout(.seconds(2)).connect(host: host, port: port) }
        opened = batch.count
        for future in batch { if let channel = try? await future.get() { held.append(channel) } }
        while Date() < end { try await Task.sleep(for: .milliseconds(100)) }
        let open = held.filter(\.isActive).count
        for channel in held { try? await channel.close() }
        return open
    }
}
