import Foundation
import HuddleApp
import HuddleCore
#if canImport(Glibc)
import Glibc
#endif

/// Runs the TUI's commands against the peer one after another, in the order they were
/// asked for (two lines typed quickly are posted in that order), and reports back through
/// the inbox.
final class PeerCommands: Sendable {
    let continuation: AsyncStream<PeerCommand>.Continuation
    let task: Task<Void, Never>?

    init(peer: Peer?, inbox: ActionInbox) {
        let (stream, continuation) = AsyncStream.makeStream(of: PeerCommand.self)
        self.continuation = continuation
        guard let peer else {
            task = nil
            return
        }
        task = Task.detached {
            for await command in stream { await PeerCommands.perform(command, peer: peer, inbox: inbox) }
        }
    }

    /// Queues `command` (dropped when the TUI runs without a peer).
    func submit(_ command: PeerCommand) {
        if task != nil { continuation.yield(command) }
    }

    /// Stops after the queued effects.
    func finish() { continuation.finish() }

    static func perform(_ command: PeerCommand, peer: Peer, inbox: ActionInbox) async {
        do {
            switch command {
            case let .setTrust(name, action):
                let id = try await peer.setTrust(action, for: name)
                inbox.post(.info("\(id.short) is now \(action.result.rawValue)"))
            case let .send(text, document):
                _ = try await peer.say(text, in: document) // the message comes back as an event
            case let .directMessage(nick, text):
                let line = try await peer.directMessage(text, to: nick)
                inbox.post(.info(line.waiting ?? "sent to \(nick); /join @\(nick) shows the conversation"))
            case let .editMessage(id, text, document):
                _ = try await peer.editMessage(id, text: text, in: document.description) // comes back as an event
                inbox.post(.info("edited \(id)"))
            case let .deleteMessage(id, document):
                try await peer.deleteMessage(id, in: document.description)
                inbox.post(.info("deleted \(id)"))
            case let .reply(id, text, document):
                _ = try await peer.reply(to: id, text: text, in: document.description) // comes back as an event
            case let .react(id, emoji, remove, document):
                _ = try await peer.react(to: id, emoji: emoji, remove: remove, in: document.description)
            case let .showRevisions(id, document):
                inbox.post(.revisionsShown(try await peer.messageRevisions(id, in: document.description)))
            case let .openChat(name):
                let opened = try await peer.openChat(name)
                inbox.post(.chatOpened(document: opened.document, name: opened.name, messages: opened.messages.map(row)))
            case let .setNotificationLevel(document, level):
                let set = try await peer.setNotificationLevel(level, for: document.description)
                let said = switch set.level {
                case .all: "every message rings and notifies"
                case .mentions: "only mentions of you ring and notify"
                case .mute: "muted: nothing rings or notifies, and it stays out of the title bar"
                }
                inbox.post(.info("\(TerminalText.sanitized(document.displayName(for: peer.id))): " + said))
            case let .setPresence(presence, automatic):
                try await peer.setPresence(presence, automatic: automatic)
            case let .typing(document, isTyping):
                await peer.typing(in: document, isTyping)
            case let .search(words):
                let results = try await peer.search(words)
                inbox.post(.searchFound(SearchView(query: words, results: results.map(Self.searchRow))))
            case let .openMessage(document, id):
                let opened = try await peer.openChat(document.description)
                inbox.post(.chatOpened(document: opened.document, name: opened.name, messages: opened.messages.map(row)))
                inbox.post(.messageJumpedTo(id))
            case let .openNoteAt(document, line):
                guard let name = document.name else { return }
                let view = try await peer.openNote(name, workspace: document.storageGroup)
                inbox.post(.noteOpened(view))
                try await peer.noteInput(view.document, .moveCaret(Self.offset(ofLine: line, in: view.text)))
            case let .markRead(document):
                try await peer.markRead(document)
            case let .sendFiles(nick, paths):
                let cwd = FileManager.default.currentDirectoryPath
                let absolute = paths.map { $0.hasPrefix("/") ? $0 : (cwd as NSString).appendingPathComponent($0) }
                let info = try await peer.send(to: nick, paths: absolute)
                inbox.post(.transferUpdated(info))
                inbox.post(.info("offered \(transferSummary(info)) to \(nick): waiting for an answer"))
            case let .openNote(name, create, workspace):
                inbox.post(.noteOpened(try await peer.openNote(name, create: create, workspace: workspace)))
            case let .noteInput(document, input):
                try await peer.noteInput(document, input)
            case let .beginExternalEdit(name, workspace):
                let view = try await peer.openNote(name, workspace: workspace)
                inbox.post(.externalEditReady(document: view.document, name: view.name, text: try await peer.beginExternalEdit(view.document)))
            case let .finishExternalEdit(document, edited):
                let changed = try await peer.finishExternalEdit(document, edited: edited)
                inbox.post(.info(changed ? "merged your edit from $EDITOR" : "no change from $EDITOR"))
            case let .closeNote(document):
                await peer.closeNote(document)
            case let .switchWorkspace(name):
                let all = await peer.workspaces()
                guard !name.isEmpty else {
                    inbox.post(.info("workspaces: " + all.map { TerminalText.sanitized($0.name) }.joined(separator: ", ") + " (/workspace NAME)"))
                    return
                }
                guard let found = all.first(where: { $0.name == name || $0.id == name }) else {
                    inbox.post(.failed("you are in no workspace called \(TerminalText.sanitized(name)) (/workspace lists them)"))
                    return
                }
                inbox.post(.workspaceSwitched(id: found.id, name: found.name))
            case let .invite(nick, workspace):
                try await peer.invite(nick, to: workspace)
                inbox.post(.info("invited \(nick); they join from the dialog that asks them, or huddle join"))
            case let .inviteCode(workspace):
                let issued = try await peer.inviteByCode(to: workspace)
                inbox.post(.info("invite code \(issued.code): read it to your teammate (huddle join \(issued.code), or /join-code); one person, 10 minutes"))
            case let .joinCode(code, address):
                let joined = try await peer.joinByCode(code, via: address)
                inbox.post(.workspaceSwitched(id: joined.id, name: joined.name))
            case let .answerInvitation(workspace, join):
                if join {
                    let joined = try await peer.join(workspace)
                    inbox.post(.workspaceSwitched(id: joined.id, name: joined.name))
                } else {
                    try await peer.decline(workspace)
                    inbox.post(.info("declined"))
                }
            case let .transferAction(action, id):
                switch action {
                case .accept: try await peer.acceptTransfer(id, into: nil)
                case .reject: try await peer.rejectTransfer(id)
                case .cancel: try await peer.cancelTransfer(id)
                case .resume: try await peer.resumeTransfer(id)
                }
            }
        } catch {
            inbox.post(.failed("\(error)"))
        }
    }

    /// The channels and notes lists, as an action.
    static func documents(_ peer: Peer) async -> Action {
        let all: [DocumentSummary]
        do { all = try await peer.documentList() } catch { return .failed("\(error)") }
        return .documentsUpdated(
            channels: all.filter { $0.kind != .note }.map {
                ChannelRow(document: $0.document, name: $0.name, unread: $0.unread, notifications: $0.notifications ?? .default(for: $0.document))
            },
            notes: all.filter { $0.kind == .note }.map { NoteRow(name: $0.name, lastEditor: $0.lastEditor, size: $0.size, workspace: $0.workspace) },
            workspaces: await peer.workspaces(), invitations: await peer.invitations())
    }

    /// A search result as the chat pane lists it.
    static func searchRow(_ result: SearchResult) -> SearchRow {
        let target: SearchRow.Target = switch result.kind {
        case .message: .message(document: result.document, id: result.id ?? "")
        case .note: .note(document: result.document, line: result.line ?? 1)
        }
        var when = "line \(result.line ?? 1)"
        if result.kind == .message {
            var seconds = time_t(result.time / 1000)
            var parts = tm()
            localtime_r(&seconds, &parts)
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            when = months[Int(parts.tm_mon) % 12] + String(format: " %02d %02d:%02d", parts.tm_mday, parts.tm_hour, parts.tm_min)
        }
        return SearchRow(place: result.place, nickname: result.nickname, when: when, excerpt: result.excerpt, target: target)
    }

    /// The scalar offset where `line` (from 1) of `text` starts (its end, past the last line).
    static func offset(ofLine line: Int, in text: String) -> Int {
        var offset = 0, current = 1
        for scalar in text.unicodeScalars {
            if current >= line { break }
            offset += 1
            if scalar == "\n" { current += 1 }
        }
        return offset
    }

    /// A chat line as the chat pane shows it, with its local time.
    static func row(_ line: ChatLine) -> ChatRow {
        var seconds = time_t(line.time / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let clock = String(format: "%02d:%02d", parts.tm_hour, parts.tm_min)
        var row = ChatRow(id: line.id, nickname: line.shownName, colorKey: String(line.author.prefix(7)), body: line.body,
                       clock: clock, mine: line.mine, mentionsMe: line.mentionsMe, edited: line.edited)
        row.deleted = line.deleted
        row.delivery = line.delivery?.summary ?? ""
        row.replyTo = line.replyTo
        if line.replyTo != nil {
            row.replyQuote = "\(line.quotedNickname ?? "?"): " + (line.quoted.map { $0.isEmpty ? "message deleted" : $0 } ?? "…")
        }
        row.reactions = line.reactions.map { "\($0.emoji) \($0.count)" }.joined(separator: "  ")
        row.myReactions = Set(line.reactions.filter(\.mine).map(\.emoji))
        if !line.mine { row.trustMark = line.trust.map(PeerRow.trustMark) ?? "" }
        return row
    }
}
