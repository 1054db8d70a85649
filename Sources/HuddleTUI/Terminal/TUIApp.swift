import Foundation
import HuddleApp
import HuddleCore
#if canImport(Glibc)
import Glibc
#endif

/// The interactive huddle: reads keys, reduces them into state, renders, runs effects.
///
/// It blocks in `poll(2)` until the terminal or a signal has something, so an idle huddle
/// uses no CPU.
public final class TUIApp {
    /// What the TUI needs to start.
    public struct Setup: Sendable {
        /// The user's settings.
        public var config: Config
        /// The user's folders.
        public var folders: Folders
        /// The short form of this device's peer ID.
        public var shortID: String
        /// The process environment (for `NO_COLOR`, theme folders).
        public var environment: [String: String]
        /// This device's key's fingerprint (shown beside a peer's when verifying it).
        public var fingerprint: String

        /// A setup.
        public init(config: Config, folders: Folders, shortID: String, environment: [String: String], fingerprint: String = "") {
            self.config = config
            self.folders = folders
            self.shortID = shortID
            self.environment = environment
            self.fingerprint = fingerprint
        }
    }

    let setup: Setup
    let peer: Peer?
    let inbox: ActionInbox
    let themes: ThemeLibrary
    let useColor: Bool
    var colors = 256

    /// An app for `setup`, showing and driving `peer` (`nil`: the shell alone).
    public init(setup: Setup, peer: Peer? = nil) throws {
        self.setup = setup
        self.peer = peer
        inbox = try ActionInbox()
        themes = ThemeLibrary.standard(configFolder: setup.folders.config, environment: setup.environment)
        useColor = (setup.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Runs until the user quits or a quit signal arrives; the terminal is restored either way.
    /// Returns the signal that ended it, if one did.
    public func run() throws -> Int32? {
        var signalPipe: [Int32] = [-1, -1]
        guard pipe(&signalPipe) == 0 else { throw POSIXError(.EMFILE) }
        defer { Glibc.close(signalPipe[0]); Glibc.close(signalPipe[1]) }
        TerminalGuard.install(signalPipe: signalPipe[1])
        defer { TerminalGuard.uninstall() }

        // HUDDLE_WIDTHS=assumed skips asking the terminal (for one that mishandles the questions).
        let widthChoice = NcursesScreen.WidthChoice(rawValue: setup.environment["HUDDLE_WIDTHS"] ?? "") ?? .probe
        let screen = NcursesScreen(useColor: useColor, widthChoice: widthChoice, hyperlinks: setup.config.links)
        defer { screen.close() }
        screen.setNonBlocking()
        if setup.config.mouse { screen.enableMouse() }
        colors = screen.colors

        let (theme, problem) = initialTheme()
        var state = TUIState(size: screen.size, nickname: setup.config.nickname, shortID: setup.shortID,
                             theme: theme)
        state.widths = screen.widths
        state.fingerprint = setup.fingerprint
        state.bell = setup.config.bell
        state.notify = setup.config.notify
        state.copiesToClipboard = setup.config.clipboard
        state.presence = setup.config.presence
        state.awayAfterSeconds = setup.config.awayAfterMinutes * 60
        let commands = PeerCommands(peer: peer, inbox: inbox)
        defer { commands.finish() }
        var pending: [Action] = problem.map { [.failed($0)] } ?? []
        let watcher = watchPeer()
        defer { watcher?.cancel() }
        // Every 30 s, for the away after idle time (nothing else wakes an idle workspace).
        let inbox = self.inbox
        let ticker = state.awayAfterSeconds > 0 ? Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(30))
                inbox.post(.tick)
            }
        } : nil
        defer { ticker?.cancel() }
        var decoder = InputDecoder()
        var endingSignal: Int32?
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signalPipe[0], events: Int16(POLLIN), revents: 0),
                   pollfd(fd: inbox.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        while !state.quitting {
            while !pending.isEmpty {
                let action = pending.removeFirst()
                state.now = Date()
                for effect in reduce(&state, action) { pending += perform(effect, on: screen, commands: commands) }
            }
            guard !state.quitting else { break }
            let frame = render(state)
            screen.present(frame.grid, cursor: frame.cursor.map { ($0.row, $0.column) })

            // Wait for input or a signal. EINTR (a resize signal) falls through to reading.
            for index in fds.indices { fds[index].revents = 0 }
            _ = poll(&fds, nfds_t(fds.count), -1)
            if fds[2].revents & Int16(POLLIN) != 0 { pending += inbox.drain() }
            if fds[1].revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                _ = Glibc.read(signalPipe[0], &byte, 1)
                if Int32(byte) == SIGWINCH {
                    screen.refreshSize()
                    pending.append(.resized(screen.size))
                    continue
                }
                if Int32(byte) == SIGTSTP {
                    // Ctrl-Z: give the shell its terminal back as it was, stop, and on `fg`
                    // take it back and draw everything again (the shell wrote over it).
                    screen.suspend { _ = kill(getpid(), SIGSTOP) }
                    pending.append(.resized(screen.size))
                    continue
                }
                endingSignal = Int32(byte)
                break
            }
            if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 { break }
            while let input = screen.read() {
                if input == .resize {
                    // ncurses' own KEY_RESIZE (from resizeterm): the size is already taken.
                    // Calling resizeterm here again would queue another KEY_RESIZE forever.
                    screen.invalidate()
                    pending.append(.resized(screen.size))
                } else if case let .mouse(event) = input {
                    pending.append(.mouse(event))
                } else if let key = decoder.feed(input) {
                    pending.append(Self.dropped(key) ?? .key(key))
                }
            }
        }
        return endingSignal
    }

    /// A paste that is only paths of existing files (files dropped on the terminal) becomes a
    /// question whether to send them; any other key stays a key.
    static func dropped(_ key: Key) -> Action? {
        guard case let .paste(text) = key else { return nil }
        let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
        if let missing = DroppedPaths.missing(in: text, exists: exists) { return .pastedMissingFiles(pasted: text, missing: missing) }
        guard let paths = DroppedPaths.parse(text, exists: exists) else { return nil }
        let size = paths.reduce(UInt64(0)) { $0 + DroppedSize.of($1) }
        let names = paths.prefix(2).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ") + (paths.count > 2 ? ", …" : "")
        return .filesDropped(paths: paths, summary: "\(names) (\(ByteCount.format(size)))", pasted: text)
    }

    /// Follows the peer's events: the peers list and notices reach the loop through the inbox.
    func watchPeer() -> Task<Void, Never>? {
        guard let peer = self.peer else { return nil }
        let inbox = self.inbox
        return Task.detached { await TUIApp.follow(peer, into: inbox) }
    }

    static func follow(_ peer: Peer, into inbox: ActionInbox) async {
        do {
            inbox.post(.discoveryRunning(try await peer.status().discovery))
            // The config's workspace if it names one, else the lobby, else (the lobby off)
            // the first private workspace: its #general is shown first.
            let all = await peer.workspaces()
            let configured = await peer.defaultWorkspaceName
            if let first = all.first(where: { $0.name == configured || $0.id == configured }) ?? all.first, !first.isLobby {
                inbox.post(.workspaceSwitched(id: first.id, name: first.name))
            } else if all.first?.isLobby == true {
                let general = try await peer.openChat(Peer.generalChannel)
                inbox.post(.chatOpened(document: general.document, name: general.name, messages: general.messages.map(PeerCommands.row)))
            }
        } catch {
            inbox.post(.failed("\(error)")) // the store is unreadable: say so, the rest still runs
        }
        inbox.post(await rows(peer))
        inbox.post(await PeerCommands.documents(peer))
        for info in await peer.transferList().reversed() { inbox.post(.transferUpdated(info)) }
        var notesListedAt = ContinuousClock.now
        for await event in peer.events {
            if let action = await action(for: event, peer: peer) { inbox.post(action) }
            // Who edited a note last, for the notes pane: at most once a second while typing.
            if case let .noteChanged(update) = event, !update.patches.isEmpty, ContinuousClock.now - notesListedAt > .seconds(1) {
                notesListedAt = ContinuousClock.now
                inbox.post(await PeerCommands.documents(peer))
            }
        }
    }

    static func action(for event: Peer.Event, peer: Peer) async -> Action? {
        switch event {
        case .peersChanged:
            return await rows(peer)
        case let .keyChanged(warning):
            return .keyChanged(warning)
        case let .incompatible(reason):
            return .failed("cannot talk to \(reason)")
        case .notice:
            return nil // the daemon logs notices; the TUI shows what matters in its panes
        case let .chat(line):
            return .chatReceived(document: line.document, PeerCommands.row(line))
        case let .chatUpdated(line):
            return .chatUpdated(document: line.document, PeerCommands.row(line))
        case let .noteChanged(update):
            return .noteUpdated(update)
        case .documentsChanged:
            return await PeerCommands.documents(peer)
        case let .transfer(info):
            return .transferUpdated(info)
        case let .namesLearned(names):
            return .namesLearned(names)
        case let .typing(document, nicknames):
            return .typingChanged(document: document, nicknames: nicknames)
        }
    }

    /// The peers pane, as an action (or why the peers cannot be listed).
    static func rows(_ peer: Peer) async -> Action {
        do {
            return .peersUpdated(try await peer.peers().map {
                var row = PeerRow(shortID: $0.shortID, nickname: $0.nickname, online: $0.online, trust: $0.trust)
                row.lookAlike = $0.nameCollides == true
                row.claimsNameOf = $0.claimsNameOf
                row.id = $0.id
                row.fingerprint = $0.fingerprint
                row.safetyCode = $0.safetyCode
                row.presence = $0.presence
                return row
            })
        } catch {
            return .failed("\(error)")
        }
    }

    /// The configured theme, else the default one, else monochrome; and what went wrong.
    func initialTheme() -> (Theme, String?) {
        guard useColor, colors > 0 else { return (.monochrome, nil) }
        do {
            return (try themes.load(setup.config.theme).degraded(toColors: colors), nil)
        } catch {
            let fallback = (try? themes.load("default"))?.degraded(toColors: colors) ?? .monochrome
            return (fallback, "\(error); using the \(fallback.name) theme")
        }
    }

    /// Performs `effect`'s I/O, in the order the reducer asked, and reports what came of it:
    /// the one place every effect is handled.
    func perform(_ effect: Effect, on screen: NcursesScreen, commands: PeerCommands) -> [Action] {
        switch effect {
        case .bell:
            screen.bell()
            return []
        case let .notify(title, body):
            screen.notify(title: title, body: body)
            return []
        case let .completePath(word):
            return [.pathsListed(word: word, candidates: PathCompletion.candidates(for: word))]
        case let .runEditor(document, name, text):
            switch ExternalEditor.run(text: text, name: name, screen: screen, environment: setup.environment) {
            case let .success(edited):
                commands.submit(.finishExternalEdit(document: document, edited: edited))
                return []
            case let .failure(problem):
                return [.failed(problem.description)]
            }
        case let .peer(command):
            guard peer != nil else { return [.failed("no network peer runs in this huddle")] }
            commands.submit(command)
            return []
        case .quit:
            return []
        case .redraw:
            screen.invalidate()
            return []
        case let .copyToClipboard(text):
            screen.copyToClipboard(text)
            return []
        case let .loadTheme(name):
            if name.isEmpty { return [.info("themes: " + themes.names.joined(separator: ", "))] }
            guard useColor else { return [.failed("NO_COLOR is set: themes are off")] }
            do {
                let theme = try themes.load(name).degraded(toColors: colors)
                return [.themeLoaded(theme)] + save("theme", name)
            } catch {
                return [.failed(error.description)]
            }
        case let .saveSetting(key, value):
            return save(key, value)
        }
    }

    /// Saves a setting to the config file.
    func save(_ key: String, _ value: String) -> [Action] {
        do {
            try ConfigFile(path: setup.folders.configFile).set(key, to: value)
            return [.settingSaved(key: key, value: value)]
        } catch {
            return [.failed("could not save \(key) to \(setup.folders.configFile): \(error)")]
        }
    }
}
