import Foundation
import HuddleTesting
import Testing

/// A private tmux server running one command in a detached session.
final class TmuxSession {
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")

    let socket = "huddle-test-\(getpid())-\(UUID().uuidString.prefix(8))"

    init(command: String, columns: Int, rows: Int) throws {
        try tmux(["new-session", "-d", "-s", "main", "-x", "\(columns)", "-y", "\(rows)", command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs tmux on this session's server and returns what it printed.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Spawn.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "main"]) }

    /// Waits up to `timeout` seconds until the screen satisfies `condition`; returns the screen.
    @discardableResult
    func wait(timeout: Double = 20, until condition: (String) -> Bool) async throws -> String {
        var text = ""
        _ = try await eventually(timeout, every: .milliseconds(50)) {
            text = try screen()
            return condition(text)
        }
        return text
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys) }

    /// ada's huddle (100x30) in `home`, dialing `bob`, once bob shows online.
    static func ada(home: String, talkingTo bob: TestDaemon) async throws -> TmuxSession {
        let bobPort = try await bob.ready()
        let command = "LANG=C.UTF-8 TERM=xterm-256color '\(HuddleBinary.path)' --home '\(home)' --nick ada --port 0 --no-discovery "
            + "--peer 127.0.0.1:\(bobPort); sleep 60"
        let tmux = try TmuxSession(command: command, columns: 100, rows: 30)
        try await tmux.wait { $0.contains("● bob") }
        return tmux
    }
}

@Suite("huddle in a real terminal (tmux)", .serialized, .enabled(if: TmuxSession.available, "SKIP: tmux is not installed"))
struct TmuxTests {
    let home = NSTemporaryDirectory() + "huddle-tmux-\(UUID().uuidString)"

    /// Runs huddle, then reports its exit code and whether the terminal modes came back.
    func command() -> String {
        "before=$(stty -g); LANG=C.UTF-8 TERM=xterm-256color '\(HuddleBinary.path)' --home '\(home)' --nick ada --no-discovery; "
            + "code=$?; after=$(stty -g); echo EXIT=$code; [ \"$before\" = \"$after\" ] && echo TERMINAL-RESTORED; sleep 60"
    }

    @Test("the layout draws at 80x24, follows resizes, and Ctrl-Q exits 0 with the terminal restored")
    func layoutResizeAndQuit() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let tmux = try TmuxSession(command: command(), columns: 80, rows: 24)
        var screen = try await tmux.wait { $0.contains("Ctrl-Q quit") }
        #expect(screen.contains("┌ Peers"), "\(screen)")
        #expect(screen.contains("Chat #general"))
        #expect(screen.contains("ada · "))
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasSuffix("ada · \(try #require(lines.first?.split(separator: " ").last))") == true)

        try tmux.tmux(["resize-window", "-t", "main", "-x", "100", "-y", "30"])
        screen = try await tmux.wait { $0.split(separator: "\n").count >= 29 && $0.contains("Ctrl-Q quit") && ($0.split(separator: "\n").first?.count ?? 0) > 90 }
        #expect((screen.split(separator: "\n").first?.count ?? 0) > 90, "did not redraw at 100 columns:\n\(screen)")

        try tmux.tmux(["resize-window", "-t", "main", "-x", "50", "-y", "12"])
        screen = try await tmux.wait { $0.contains("window too small") }
        #expect(screen.contains("window too small"))

        try tmux.tmux(["resize-window", "-t", "main", "-x", "80", "-y", "24"])
        screen = try await tmux.wait { $0.contains("Ctrl-Q quit") }
        #expect(!screen.contains("window too small"))

        try tmux.keys("C-q")
        screen = try await tmux.wait { $0.contains("EXIT=") && $0.contains("RESTORED") }
        #expect(screen.contains("EXIT=0"), "\(screen)")
        #expect(screen.contains("TERMINAL-RESTORED"))
        #expect(try tmux.tmux(["display-message", "-p", "-t", "main", "#{alternate_on}"]).hasPrefix("0"))
    }

    @Test("a bracketed paste is text: a pasted q does not quit, and its lines stay lines of one message")
    func pasteIsText() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let tmux = try TmuxSession(command: command(), columns: 80, rows: 24)
        try await tmux.wait { $0.contains("Ctrl-Q quit") }
        try tmux.tmux(["set-buffer", "q\u{11}one\ntwo"])
        try tmux.tmux(["paste-buffer", "-p", "-t", "main"])
        let screen = try await tmux.wait { $0.contains("one↵two") }
        #expect(screen.contains("› qone↵two"), "\(screen)")
        #expect(!screen.contains("EXIT="))
        try tmux.keys("C-q")
        #expect(try await tmux.wait { $0.contains("EXIT=") }.contains("EXIT=0"))
    }

    @Test("SIGTERM ends huddle with the terminal restored")
    func sigtermRestoresTerminal() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let tmux = try TmuxSession(command: command(), columns: 80, rows: 24)
        try await tmux.wait { $0.contains("Ctrl-Q quit") }
        let shell = try tmux.tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let pid = try #require(children.split(separator: " ").compactMap { Int32($0) }.first)
        kill(pid, SIGTERM)
        let screen = try await tmux.wait { $0.contains("EXIT=") && $0.contains("RESTORED") }
        #expect(screen.contains("EXIT=143"), "\(screen)")
        #expect(screen.contains("TERMINAL-RESTORED"))
    }
}

@Suite("Settings changed in the workspace", .serialized, .enabled(if: TmuxSession.available, "SKIP: tmux is not installed"))
struct WorkspaceSettingsTests {
    let home = NSTemporaryDirectory() + "huddle-settings-\(UUID().uuidString)"

    @Test("/nick and /theme are saved to config.toml, and Ctrl-C quits with the terminal restored")
    func nickAndThemeSaved() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let command = "before=$(stty -g); env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color '\(HuddleBinary.path)' --home '\(home)' --no-discovery; "
            + "code=$?; after=$(stty -g); echo EXIT=$code; [ \"$before\" = \"$after\" ] && echo TERMINAL-RESTORED; sleep 60"
        let tmux = try TmuxSession(command: command, columns: 80, rows: 24)
        try await tmux.wait { $0.contains("Ctrl-Q quit") }
        try tmux.keys("/nick grace", "Enter")
        var screen = try await tmux.wait { $0.contains("nickname grace (saved)") }
        #expect(screen.contains("grace · "), "\(screen)")
        try tmux.keys("/theme gruvbox", "Enter")
        screen = try await tmux.wait { $0.contains("theme gruvbox (saved)") }
        #expect(screen.contains("theme gruvbox (saved)"))
        let config = try String(contentsOfFile: home + "/config.toml", encoding: .utf8)
        #expect(config.contains("nickname = \"grace\"") && config.contains("theme = \"gruvbox\""))
        try tmux.keys("C-c")
        screen = try await tmux.wait { $0.contains("EXIT=") && $0.contains("RESTORED") }
        #expect(screen.contains("EXIT=130"), "\(screen)")
    }

    @Test("chat in the TUI: a teammate's message appears, a typed line reaches them, /msg and /join work")
    func chatWithTeammate() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let bob = try TestDaemon(nick: "bob")
        defer { bob.stop() }
        let tmux = try await TmuxSession.ada(home: home, talkingTo: bob)
        #expect(try bob.run(["say", "#general", "morning ada, standup at 10?"]).code == 0)
        var screen = try await tmux.wait { $0.contains("bob: morning ada, standup at 10?") }
        #expect(screen.contains("bob: morning ada"), "\(screen)")
        try tmux.keys("yes, see you there", "Enter")
        var log = ""
        _ = try await eventually(every: .milliseconds(50)) {
            log = try bob.run(["log", "#general"]).out
            return log.contains("ada: yes, see you there")
        }
        #expect(log.contains("ada: yes, see you there"), "\(log)")
        try tmux.keys("/msg bob only for you", "Enter")
        _ = try await eventually(every: .milliseconds(50)) {
            log = try bob.run(["log", "@ada"]).out
            return log.contains("only for you")
        }
        #expect(log.contains("ada: only for you"), "\(log)")
        try tmux.keys("/join #dev", "Enter")
        screen = try await tmux.wait { $0.contains("Chat #dev") }
        #expect(screen.contains("#dev"), "\(screen)")
        #expect(try bob.run(["say", "#general", "ping \u{1B}[31mred\u{1B}[0m"]).code == 0)
        screen = try await tmux.wait { $0.contains("#general 1") }
        #expect(screen.contains("#general 1"), "an unread count shows beside the channel:\n\(screen)")
        try tmux.keys("C-q")
    }

    @Test("select and edit in the TUI: Up picks your message, e puts it in the input line, Enter saves; d and y delete it; bob sees both")
    func selectEditAndDelete() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let bob = try TestDaemon(nick: "bob")
        defer { bob.stop() }
        let tmux = try await TmuxSession.ada(home: home, talkingTo: bob)
        try tmux.keys("lunch at 12?", "Enter")
        try await tmux.wait { $0.contains("ada: lunch at 12?") }
        try tmux.keys("Up")
        try await tmux.wait { $0.contains("e edit") }
        try tmux.keys("e")
        try await tmux.wait { $0.contains("editing your message") }
        try tmux.keys("BSpace", " or 1?", "Enter")
        var screen = try await tmux.wait { $0.contains("ada: lunch at 12 or 1? (edited)") }
        var log = ""
        _ = try await eventually(every: .milliseconds(50)) {
            log = try bob.run(["log", "#general"]).out
            return log.contains("ada: lunch at 12 or 1? (edited)")
        }
        #expect(log.contains("ada: lunch at 12 or 1? (edited)") && !log.contains("lunch at 12?\n"), "\(log)")
        try tmux.keys("Up")
        try await tmux.wait { $0.contains("e edit") }
        try tmux.keys("d")
        screen = try await tmux.wait { $0.contains("y delete") }
        try tmux.keys("y")
        screen = try await tmux.wait { $0.contains("ada: message deleted") }
        _ = try await eventually(every: .milliseconds(50)) { try bob.run(["log", "#general"]).out.contains("(message deleted)") }
        #expect(try bob.run(["log", "#general"]).out.contains("ada: (message deleted)"), "\(screen)")
        try tmux.keys("C-q")
    }

    @Test("files dropped on the TUI (a bracketed paste of their paths) are offered after asking; the peer accepts them")
    func dropToSend() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let bob = try TestDaemon(nick: "bob")
        defer { bob.stop() }
        let folder = NSTemporaryDirectory() + "huddle-drop-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/My Report.txt"
        try "quarterly numbers\n".write(toFile: file, atomically: true, encoding: .utf8)
        let tmux = try await TmuxSession.ada(home: home, talkingTo: bob)
        try tmux.keys("/join @bob", "Enter")
        try await tmux.wait { $0.contains("Chat @bob") }
        // What a terminal sends when a file is dropped on it: the path, shell-quoted, as a paste.
        try tmux.tmux(["set-buffer", "'\(file)'"])
        try tmux.tmux(["paste-buffer", "-p", "-t", "main"])
        var screen = try await tmux.wait { $0.contains("Send My Report.txt (18 B) to bob? y / n") }
        #expect(screen.contains("Send My Report.txt (18 B) to bob? y / n"), "\(screen)")
        try tmux.keys("y")
        var offers = ""
        _ = try await eventually(every: .milliseconds(50)) {
            offers = try bob.run(["transfers", "--json"]).out
            return offers.contains("My Report.txt")
        }
        #expect(offers.contains("My Report.txt") && offers.contains("\"offered\""), "\(offers)")
        let id = try #require(offers.split(separator: "\"").drop { $0 != "shortID" }.dropFirst(2).first)
        #expect(try bob.run(["accept", String(id)]).code == 0)
        screen = try await tmux.wait { $0.contains("done") }
        #expect(screen.contains("→ bob"), "\(screen)")
        let arrived = try String(contentsOfFile: bob.home + "/downloads/My Report.txt", encoding: .utf8)
        #expect(arrived == "quarterly numbers\n")
        try tmux.keys("C-q")
    }

    @Test("a note in the TUI editor: typed text reaches a teammate, and the teammate's edit appears without moving the caret")
    func noteEditorWithTeammate() async throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let bob = try TestDaemon(nick: "bob")
        defer { bob.stop() }
        let bobPort = try await bob.ready()
        #expect(try bob.run(["note", "append", "plan", "agenda\n"]).code == 0)
        let command = "LANG=C.UTF-8 TERM=xterm-256color EDITOR=\"sed -i s/agenda/AGENDA/\" '\(HuddleBinary.path)' --home '\(home)' --nick ada "
            + "--port 0 --no-discovery --peer 127.0.0.1:\(bobPort); sleep 60"
        let tmux = try TmuxSession(command: command, columns: 100, rows: 30)
        try await tmux.wait { $0.contains("● bob") && $0.contains("plan") }
        try tmux.keys("/note plan", "Enter")
        try await tmux.wait { $0.contains("Note plan") }
        try tmux.keys("ship on Friday") // (a leading dash would read as a tmux option)
        var text = ""
        _ = try await eventually(every: .milliseconds(50)) {
            text = try bob.run(["note", "cat", "plan"]).out
            return text.contains("ship on Friday")
        }
        #expect(text == "agenda\nship on Friday\n", "\(text)")
        #expect(try bob.run(["note", "append", "plan", "\n- bob: retro after"]).code == 0)
        try await tmux.wait { $0.contains("- bob: retro after") }
        try tmux.keys("!")
        _ = try await eventually(every: .milliseconds(50)) {
            text = try bob.run(["note", "cat", "plan"]).out
            return text.contains("Friday!")
        }
        #expect(text == "agenda\nship on Friday!\n- bob: retro after\n", "the caret stayed after Friday: \(text)")
        try tmux.keys("Escape")
        try await tmux.wait { $0.contains("Chat #general") }
        // /edit hands the note to $EDITOR (here sed, set in the command) and merges the result.
        try tmux.keys("/edit plan", "Enter")
        _ = try await eventually(every: .milliseconds(50)) {
            text = try bob.run(["note", "cat", "plan"]).out
            return text.contains("AGENDA")
        }
        #expect(text == "AGENDA\nship on Friday!\n- bob: retro after\n", "\(text)")
        let screen = try await tmux.wait { $0.contains("merged your edit") }
        #expect(screen.contains("merged your edit from $EDITOR"), "\(screen)")
        try tmux.keys("C-q")
    }
}
