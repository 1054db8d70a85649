import HuddleTesting
import Foundation
import Testing

/// A `huddle daemon` in its own home on loopback, stopped with SIGTERM.
final class TestDaemon {
    let home: String
    let process = Process()
    let nick: String

    init(nick: String, peers: [String] = [], home existing: String? = nil) throws {
        self.nick = nick
        home = existing ?? NSTemporaryDirectory() + "huddle-daemon-\(nick)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: HuddleBinary.path)
        process.arguments = ["daemon", "--home", home, "--nick", nick, "--port", "0", "--no-discovery"] + peers.flatMap { ["--peer", $0] }
        FileManager.default.createFile(atPath: home + "/daemon.log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: home + "/daemon.log")
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Runs a verb against this daemon's home (`input`: its standard input).
    func run(_ arguments: [String], input: String? = nil) throws -> (code: Int32, out: String, err: String) {
        try HuddleBinary.run(arguments + ["--home", home], input: input)
    }

    /// Waits until the control socket answers; returns the port sessions are accepted on.
    func ready() async throws -> Int {
        let port = try await eventually(every: .milliseconds(50)) { () throws -> Int? in
            let status = try run(["status", "--json"])
            guard status.code == 0, let data = status.out.data(using: .utf8) else { return nil }
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["port"] as? Int
        }
        guard let port else { throw POSIXError(.ETIMEDOUT) }
        return port
    }

    /// Ends the daemon with SIGKILL (no goodbye, nothing flushed), leaving its home.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: home)
    }
}

/// One line of `--json` output as an object (nil if it is not one).
func jsonObject(_ text: some StringProtocol) throws -> [String: Any]? {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
}

@Suite("Chat and notes from the command line", .serialized)
struct ChatCLITests {
    /// bob, and ann dialing him; both answering on their control sockets.
    static func bobAndAnn() async throws -> (bob: TestDaemon, ann: TestDaemon) {
        let bob = try TestDaemon(nick: "bob")
        do {
            let bobPort = try await bob.ready()
            let ann = try TestDaemon(nick: "ann", peers: ["127.0.0.1:\(bobPort)"])
            do {
                _ = try await ann.ready()
                return (bob, ann)
            } catch {
                ann.stop()
                throw error
            }
        } catch {
            bob.stop()
            throw error
        }
    }

    @Test("say, log, dm and note verbs work through the running peer and replicate to another")
    func verbsReplicate() async throws {
        let (bob, ann) = try await Self.bobAndAnn()
        defer { ann.stop(); bob.stop() }

        let said = try ann.run(["say", "#general", "hello from ann"])
        #expect(said.code == 0 && said.out.hasPrefix("sent "), "\(said)")
        let json = try ann.run(["say", "#general", "second", "--json"])
        let line = try jsonObject(json.out)
        #expect(line?["body"] as? String == "second" && line?["document"] as? String == "lan/#general")
        #expect(try ann.run(["note", "append", "plan", "first line\n"]).code == 0)
        var bobLog = ""
        _ = try await eventually(every: .milliseconds(50)) {
            bobLog = try bob.run(["log", "#general"]).out
            return bobLog.contains("second")
        }
        #expect(bobLog.contains("ann: hello from ann") && bobLog.contains("ann: second"), "\(bobLog)")
        #expect(try bob.run(["log", "#general", "-n", "1"]).out.split(separator: "\n").count == 1)
        let jsonLines = try bob.run(["log", "#general", "--json"]).out.split(separator: "\n")
        #expect(jsonLines.count == 2 && jsonLines.allSatisfy { $0.hasPrefix("{") })
        #expect(try bob.run(["note", "cat", "plan"]).out == "first line\n")
        #expect(try bob.run(["note", "list"]).out.contains("plan"))
        #expect(try bob.run(["dm", "ann", "just us"]).code == 0)
        var annDM = ""
        _ = try await eventually(every: .milliseconds(50)) {
            annDM = try ann.run(["log", "@bob"]).out
            return annDM.contains("just us")
        }
        #expect(annDM.contains("bob: just us"))
    }

    @Test("peers lists fingerprints; trust NICK verify shows both fingerprints and the same safety code on both sides, and without a terminal needs --yes")
    func verifyShowsWhatIsVerified() async throws {
        let (bob, ann) = try await Self.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        _ = try await eventually(every: .milliseconds(50)) { try ann.run(["peers", "--json"]).out.contains("\"online\":true") }
        let bobID = try bob.run(["id"]).out
        #expect(bobID.contains("nickname     bob"), "huddle id shows the running peer's nickname (started with --nick): \(bobID)")
        let bobFingerprint = bobID.split(separator: "\n").first { $0.hasPrefix("fingerprint") }.map { $0.dropFirst(13) }.map(String.init)
        let bobSeen = try ann.run(["peers"]).out
        #expect(bobFingerprint.map { bobSeen.contains($0) } == true, "ann's peers shows bob's fingerprint:\n\(bobSeen)")

        let refused = try ann.run(["trust", "bob", "verify"])
        #expect(refused.code == 2, "no terminal, no --yes: not verified")
        #expect(refused.out.contains("safety code") && refused.err.contains("--yes"), "\(refused)")
        let codeOnAnn = refused.out.split(separator: "\n").first { $0.contains("safety code") }.map { $0.split(separator: " ").suffix(8).joined(separator: " ") }
        _ = try await eventually(every: .milliseconds(50)) { try bob.run(["peers", "--json"]).out.contains("\"online\":true") }
        let onBob = try bob.run(["peers", "--json"]).out
        #expect(codeOnAnn.map { onBob.contains($0) } == true, "bob sees the same safety code: \(codeOnAnn ?? "-") in \(onBob)")
        #expect(!(try ann.run(["peers"]).out.contains("verified")))
        let verified = try ann.run(["trust", "bob", "verify", "--yes"])
        #expect(verified.code == 0, "\(verified)")
        #expect(try ann.run(["peers"]).out.contains("verified"))
    }

    @Test("every --json verb prints one object per line, and every time in it is integer milliseconds since 1970 (docs/json.md)")
    func jsonContract() async throws {
        let (bob, ann) = try await Self.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        _ = try await eventually(every: .milliseconds(50)) { try ann.run(["peers", "--json"]).out.contains("\"online\":true") }
        _ = try ann.run(["say", "#general", "hi"])
        _ = try ann.run(["note", "append", "plan", "first"])
        // A transfer that ended (bob declines it), for its times.
        let file = ann.home + "/offer.txt"
        try "declined".write(toFile: file, atomically: true, encoding: .utf8)
        let sent = try ann.run(["send", "bob", file, "--json"])
        let offer = try jsonObject(sent.out)
        let transferID = try #require(offer?["id"] as? String, "\(sent)")
        _ = try await eventually(every: .milliseconds(50)) { try bob.run(["reject", transferID]).code == 0 }
        _ = try await eventually(every: .milliseconds(50)) { try ann.run(["transfers", "--json"]).out.contains("\"rejected\"") }
        let verbs: [[String]] = [["status", "--json"], ["peers", "--json"], ["say", "#general", "again", "--json"], ["log", "#general", "--json"],
                                 ["note", "list", "--json"], ["transfers", "--json"], ["workspace", "list", "--json"],
                                 ["search", "again", "--json"]]
        let timeKeys: Set<String> = ["time", "lastSeen", "lastEditAt", "expires", "offeredAt", "startedAt", "endedAt"]
        var timesSeen: Set<String> = []
        for verb in verbs {
            let result = try ann.run(verb)
            #expect(result.code == 0, "\(verb): \(result.err)")
            for line in result.out.split(separator: "\n") {
                let object = try jsonObject(line)
                #expect(object != nil, "\(verb) printed a line that is not an object: \(line)")
                for (key, value) in object ?? [:] where timeKeys.contains(key) {
                    timesSeen.insert(key)
                    let number = value as? NSNumber
                    #expect(number.map { $0.doubleValue == Double($0.int64Value) } == true && (number?.int64Value ?? 0) > 1_000_000_000_000,
                            "\(verb): \(key) is \(value), not integer milliseconds")
                }
            }
        }
        #expect(timesSeen == ["time", "lastSeen", "lastEditAt", "offeredAt", "endedAt"], "the time keys were all checked: \(timesSeen)")
        let transfer = try jsonObject(try ann.run(["transfers", "--json"]).out)
        #expect((transfer?["offeredAt"] as? Int64 ?? .max) <= (transfer?["endedAt"] as? Int64 ?? 0), "offered before it ended")
    }

    @Test("your message says where it arrived: log prints ✓ all, --json carries delivery.deliveredTo, show lists who holds it")
    func delivery() async throws {
        let (bob, ann) = try await Self.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        _ = try await eventually(every: .milliseconds(50)) { try ann.run(["peers", "--json"]).out.contains("\"online\":true") }
        let id = try #require(try jsonObject(try ann.run(["say", "#general", "arrived?", "--json"]).out)?["id"] as? String)
        var log = ""
        _ = try await eventually(every: .milliseconds(50)) {
            log = try ann.run(["log", "#general"]).out
            return log.contains("ann: arrived?  ✓ all")
        }
        #expect(log.contains("\(id)  ann: arrived?  ✓ all"), "\(log)")
        let line = try jsonObject(try ann.run(["log", "#general", "--json"]).out)
        let delivered = (line?["delivery"] as? [String: Any])?["deliveredTo"] as? [[String: Any]]
        #expect(delivered?.compactMap { $0["nickname"] as? String } == ["bob"], "\(String(describing: line))")
        #expect(try ann.run(["show", id]).out.contains("delivered to: bob"))
    }

    @Test("edit, delete and show act on the IDs log prints; a teammate sees the edit and the delete; --json as docs/json.md says")
    func editDeleteShow() async throws {
        let (bob, ann) = try await Self.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        let said = try ann.run(["say", "#general", "lunch at 12?", "--json"])
        let id = try #require(try jsonObject(said.out)?["id"] as? String)
        let log = try ann.run(["log", "#general"]).out
        #expect(log.contains("\(id)  ann: lunch at 12?"), "\(log)")
        let edited = try ann.run(["edit", id, "lunch at 1?", "--json"])
        let line = try jsonObject(edited.out)
        #expect(line?["edited"] as? Bool == true && line?["body"] as? String == "lunch at 1?", "\(edited)")
        var bobLog = ""
        _ = try await eventually(every: .milliseconds(50)) {
            bobLog = try bob.run(["log", "#general"]).out
            return bobLog.contains("lunch at 1? (edited)")
        }
        #expect(bobLog.contains("ann: lunch at 1? (edited)"), "\(bobLog)")
        let shown = try bob.run(["show", id, "--json"])
        let revisions = try jsonObject(shown.out)?["revisions"] as? [[String: Any]]
        #expect(revisions?.compactMap { $0["body"] as? String } == ["lunch at 12?", "lunch at 1?"], "\(shown)")
        #expect(revisions?.allSatisfy { ($0["time"] as? Int64 ?? 0) > 1_000_000_000_000 } == true)
        let refused = try bob.run(["delete", id])
        #expect(refused.code == 1 && refused.err.contains("only its author"), "\(refused)")
        #expect(try ann.run(["delete", id]).code == 0)
        _ = try await eventually(every: .milliseconds(50)) { try bob.run(["log", "#general"]).out.contains("(message deleted)") }
        let deleted = try bob.run(["log", "#general", "--json"]).out
        #expect(deleted.contains("\"deleted\":true") && !deleted.contains("lunch"), "\(deleted)")
    }

    @Test("reply and react from the command line: log shows the quote above the answer and the reactions under the message")
    func replyAndReact() async throws {
        let (bob, ann) = try await Self.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        let said = try ann.run(["say", "#general", "ship on Friday?", "--json"])
        let id = try #require(try jsonObject(said.out)?["id"] as? String)
        _ = try await eventually(every: .milliseconds(50)) { try bob.run(["log", "#general"]).out.contains(id) }
        let replied = try bob.run(["reply", id, "yes, after the demo", "--json"])
        let reply = try jsonObject(replied.out)
        #expect(reply?["replyTo"] as? String == id && reply?["quoted"] as? String == "ship on Friday?", "\(replied)")
        let reacted = try bob.run(["react", id, "👍"])
        #expect(reacted.code == 0 && reacted.out.contains("👍 1"), "\(reacted)")
        var log = ""
        _ = try await eventually(every: .milliseconds(50)) {
            log = try ann.run(["log", "#general"]).out
            return log.contains("yes, after the demo") && log.contains("👍 1")
        }
        let lines = log.split(separator: "\n")
        let answer = try #require(lines.firstIndex { $0.contains("bob: yes, after the demo") })
        #expect(answer > 0 && lines[answer - 1].contains("↳ \(id) ann: ship on Friday?"), "\(log)")
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "👍 1" }, "\(log)")
        #expect(try bob.run(["react", id, "👍", "--remove"]).out.contains("no reactions"))
        _ = try ann.run(["say", "#general", "something else"])
        let thread = try ann.run(["log", "#general", "--thread", id, "--json"]).out.split(separator: "\n")
        #expect(thread.count == 2 && thread[1].contains("yes, after the demo") && !thread.joined().contains("something else"), "\(thread)")
    }

    @Test("say - reads the message from standard input, its lines kept; log prints each line under the first")
    func sayFromStandardInput() async throws {
        let ann = try TestDaemon(nick: "ann")
        defer { ann.stop() }
        _ = try await ann.ready()
        let said = try ann.run(["say", "#general", "-", "--json"], input: "build is green\n  make test passed\n")
        let line = try jsonObject(said.out)
        #expect(line?["body"] as? String == "build is green\n  make test passed", "\(said)")
        let log = try ann.run(["log", "#general"]).out.split(separator: "\n")
        #expect(log.count == 2 && log[0].hasSuffix("ann: build is green") && log[1].hasSuffix("  make test passed"), "\(log)")
    }

    @Test("send --wait --json interrupted by Ctrl-C ends its stream with a final line: the transfer cancelled")
    func interruptedSendEndsWithFinalLine() async throws {
        let (bob, ann) = try await Self.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        _ = try await eventually(every: .milliseconds(50)) { try ann.run(["peers", "--json"]).out.contains("\"online\":true") }
        let file = ann.home + "/offer.txt"
        try "nobody accepts this".write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HuddleBinary.path)
        process.arguments = ["send", "bob", file, "--wait", "--json", "--home", ann.home]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Wait for the offer's line, then press Ctrl-C.
        let reader = out.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("\n"), Date() < deadline { text += String(decoding: reader.availableData, as: UTF8.self) }
        #expect(text.contains("\"state\":\"offered\""), "\(text)")
        kill(process.processIdentifier, SIGINT)
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let lines = text.split(separator: "\n")
        let final = try lines.last.map { try jsonObject($0) }
        #expect(final??["state"] as? String == "cancelled", "the last line is the final state: \(text)")
    }

    @Test("chat verbs without a running peer exit 3 and say how to start one; bad input exits non-zero with a message")
    func noRunningPeer() throws {
        let home = NSTemporaryDirectory() + "huddle-none-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        for verb in [["say", "#general", "hi"], ["dm", "bob", "hi"], ["log", "#general"], ["note", "list"], ["note", "cat", "x"]] {
            let result = try HuddleBinary.run(verb + ["--home", home])
            #expect(result.code == 3, "\(verb): \(result)")
            #expect(result.err.contains("huddle daemon") || result.err.contains("start"), "\(verb): \(result.err)")
        }
    }

    @Test("a bad channel name or an unknown note is refused with a clear message")
    func badInputRefused() async throws {
        let ann = try TestDaemon(nick: "ann")
        defer { ann.stop() }
        _ = try await ann.ready()
        let badChannel = try ann.run(["say", "#no spaces", "hi"])
        #expect(badChannel.code == 1 && badChannel.err.contains("channel name"), "\(badChannel)")
        let missing = try ann.run(["note", "cat", "nothing-here"])
        #expect(missing.code == 1 && missing.err.contains("there is no nothing-here"), "\(missing)")
        let unknownPeer = try ann.run(["dm", "nobody", "hi"])
        #expect(unknownPeer.code == 1 && unknownPeer.err.contains("nobody"), "\(unknownPeer)")
    }
}
