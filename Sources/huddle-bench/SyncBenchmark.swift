import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HuddleApp
import HuddleCore
import HuddleStore
import HuddleTesting

/// `huddle-bench sync`: how fast a fresh peer catches up over a real session on loopback.
///
/// An author peer holds either a note typed from an editing trace (every patch its own signed
/// change, as typed keystrokes are) or N chat messages. A fresh peer starts, dials it, and the
/// time from its start until it holds everything is measured. Prints one JSON line per case
/// and one with the goals.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Catch-up time of a fresh peer (note trace, chat messages).")

    @Option(help: "The editing trace typed into the note.") var trace = "Benchmarks/editing-traces/automerge-paper.json.gz"
    @Option(help: "Chat messages in the channel.") var messages = 10_000
    @Option(help: "Timed catch-ups per case (the best is reported).") var runs = 3

    func run() async throws {
        let root = NSTemporaryDirectory() + "huddle-bench-sync-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }

        let file = try EditingTrace.load(path: trace)
        let noteAuthor = try await BenchPeer.start("author", home: root + "/note-author")
        let setupStart = ContinuousClock.now
        try await noteAuthor.peer.createNote("paper")
        let patches = file.txns.flatMap(\.patches)
        var edits: [NoteEdit] = []
        if !file.startContent.isEmpty { edits.append(NoteEdit(replacing: 0..<0, with: file.startContent)) }
        for patch in patches {
            edits.append(NoteEdit(replacing: patch.position..<(patch.position + patch.deleteCount), with: patch.text))
        }
        for start in stride(from: 0, to: edits.count, by: 4096) {
            try await noteAuthor.peer.editNote("paper", edits: Array(edits[start..<min(edits.count, start + 4096)]))
        }
        let noteSetup = ContinuousClock.now - setupStart
        let expected = try await noteAuthor.peer.noteText("paper")
        guard expected == file.endContent else { throw ValidationError("the typed note does not match the trace's end") }
        let noteLength = expected.unicodeScalars.count

        var noteBest = Duration.seconds(1000)
        for run in 0..<runs {
            let took = try await catchUp(from: noteAuthor, home: root + "/note-reader-\(run)") { peer in
                (try? await peer.documentList())?.contains { $0.kind == .note && $0.size == noteLength } ?? false
            }
            noteBest = min(noteBest, took)
        }
        await noteAuthor.peer.stop()
        print(#"{"case": "note", "trace": "\#(URL(fileURLWithPath: trace).lastPathComponent)", "edits": \#(patches.count), "#
            + #""signed_changes": \#(edits.count), "author_setup_s": \#(f(noteSetup.inSeconds)), "catch_up_ms": \#(f(noteBest.inSeconds * 1000))}"#)

        let chatAuthor = try await BenchPeer.start("author", home: root + "/chat-author")
        for index in 0..<messages { _ = try await chatAuthor.peer.say("message \(index): the build is green again", in: "#general") }
        var chatBest = Duration.seconds(1000)
        for run in 0..<runs {
            let took = try await catchUp(from: chatAuthor, home: root + "/chat-reader-\(run)") { peer in
                (try? await peer.documentList())?.contains { $0.document == .general && $0.size == messages } ?? false
            }
            chatBest = min(chatBest, took)
        }
        await chatAuthor.peer.stop()
        print(#"{"case": "chat", "messages": \#(messages), "catch_up_ms": \#(f(chatBest.inSeconds * 1000))}"#)
        try await editorCost(root: root)
        print(#"{"goal_note_catch_up_ms": 1000, "goal_chat_10k_catch_up_ms": 1000, "method": "fresh peer in process, "#
            + #"loopback TLS session, from its start to holding everything (stored and applied), best of \#(runs)"}"#)
    }

    /// CPU per keystroke typed into a 1 MB note through the peer (CRDT edit, signature,
    /// SQLite transaction, event), measured as the process's CPU time, so other load on the
    /// machine does not count. The TUI's share (mirror and render) is in `huddle-bench tui`.
    func editorCost(root: String) async throws {
        let typist = try await BenchPeer.start("typist", home: root + "/typist")
        let line = "The quick brown fox jumps over the lazy dog; 日本語 and 🚀 in a note line.\n"
        try await typist.peer.appendToNote("big", text: String(repeating: line, count: 1_000_000 / line.utf8.count))
        let view = try await typist.peer.openNote("big")
        let note = view.document
        try await typist.peer.noteInput(note, .moveCaret(view.text.unicodeScalars.count / 2))
        let keys = 2000
        func cpu() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
        }
        let start = cpu()
        for index in 0..<keys { try await typist.peer.noteInput(note, .type(index % 7 == 6 ? " " : "x")) }
        let perKey = (cpu() - start) / Double(keys)
        await typist.peer.stop()
        print(#"{"case": "note editing", "note_bytes": 1000000, "keys": \#(keys), "peer_cpu_ms_per_key": \#(f(perKey)), "#
            + #""goal_cpu_ms_per_key_render_included": 2, "method": "process CPU time of noteInput(.type) on a 1 MB note: CRDT edit, "#
            + #"signature, SQLite commit, events; add huddle-bench tui's tui-editor figure for the screen"}"#)
    }

    /// Starts a fresh peer that dials `author` and returns how long until `done` holds.
    func catchUp(from author: BenchPeer, home: String, until done: (Peer) async -> Bool) async throws -> Duration {
        let start = ContinuousClock.now
        let reader = try await BenchPeer.start("reader", home: home, peers: ["127.0.0.1:\(author.port)"])
        while !(await done(reader.peer)) {
            guard ContinuousClock.now - start < .seconds(120) else { throw ValidationError("no catch-up within 120 s") }
            try await Task.sleep(for: .milliseconds(1))
        }
        let took = ContinuousClock.now - start
        await reader.peer.stop()
        return took
    }

    func f(_ value: Double) -> String { String(format: "%.3f", value) }
}

/// A peer in its own home on loopback, without discovery.
struct BenchPeer {
    let peer: Peer
    let port: Int

    static func start(_ nickname: String, home: String, peers: [String] = []) async throws -> BenchPeer {
        let profile = try LocalProfile.load(home: home, nickname: nickname, environment: [:])
        let peer = try Peer(profile: profile, options: NetworkOptions(port: 0, staticPeers: peers.compactMap(PeerAddress.init(parsing:)),
                                                                     discovery: false))
        return BenchPeer(peer: peer, port: try await peer.start())
    }
}
