import HuddleApp
import HuddleCore

/// The one place state changes: applies `action` to `state`, returns the I/O to run. Do not
/// disturb takes out every bell and desktop notification.
public func reduce(_ state: inout TUIState, _ action: Action) -> [Effect] {
    let effects = reduceAction(&state, action)
    guard state.doNotDisturb else { return effects }
    return effects.filter {
        switch $0 {
        case .bell, .notify: false
        default: true
        }
    }
}

private func reduceAction(_ state: inout TUIState, _ action: Action) -> [Effect] {
    defer { noteShownModal(&state) }
    switch action {
    case let .resized(size):
        state.size = size
        state.input.keepCursorVisible(width: Layout(size: size).inputField.width, widths: state.widths)
        return []
    case let .mouse(event):
        return handleMouse(event, &state) + noteInputUsed(&state)
    case let .themeLoaded(theme):
        state.theme = theme
        state.status = StatusMessage("theme \(theme.name)")
        return []
    case let .failed(message):
        state.status = StatusMessage(message, isError: true)
        return []
    case let .info(message):
        state.status = StatusMessage(message)
        return []
    case let .discoveryRunning(running):
        state.discovering = running
        return []
    case let .peersUpdated(rows):
        announceChanges(from: state.peers, to: rows, in: &state)
        state.peers = rows
        return []
    case let .settingSaved(key, value):
        state.status = StatusMessage("\(key) \(value) (saved)")
        return []
    case let .key(key):
        let typed = state.input.text, composing = state.composing
        let effects = handle(key, &state)
        state.input.keepCursorVisible(width: Layout(size: state.size).inputField.width, widths: state.widths)
        return noteInputUsed(&state) + effects + typingEffects(before: typed, composing: composing, &state)
    case let .typingChanged(document, nicknames):
        state.typing[document] = nicknames.isEmpty ? nil : nicknames
        return []
    case .tick:
        return awayIfIdle(&state)
    case let .chatReceived(document, row):
        return receive(row, in: document, &state)
    case let .chatUpdated(document, row):
        // Shown again where it is (its reply counts kept); no bell, no notification, no unread count.
        if document == state.channelDocument, let index = state.messages.lastIndex(where: { $0.id == row.id }) {
            var updated = row
            updated.replies = state.messages[index].replies
            updated.newReplies = state.messages[index].newReplies
            state.messages[index] = updated
        }
        return []
    case let .namesLearned(names):
        // Messages shown by their author's short ID (seen through a relay) show the name.
        for index in state.messages.indices where state.messages[index].nickname == state.messages[index].colorKey {
            if let name = names[state.messages[index].colorKey] { state.messages[index].nickname = name }
        }
        return []
    case let .revisionsShown(revisions):
        state.modals.append(.revisions(revisions))
        return []
    case let .searchFound(view):
        state.search = view
        state.status = StatusMessage(view.results.isEmpty ? "nothing found for \(TerminalText.sanitized(view.query))"
            : "\(view.results.count) found: Up/Down pick, Enter opens, Esc closes")
        return []
    case let .messageJumpedTo(id):
        if state.shownMessages.contains(where: { $0.id == id }) {
            pickMessage(id, &state)
        } else {
            state.status = StatusMessage("\(id) is older than the \(TUIState.maxMessages) messages shown: huddle show \(id) prints it")
        }
        return []
    case let .chatOpened(document, name, messages):
        state.channelDocument = document
        state.channel = name
        state.messages = countReplies(Array(messages.suffix(TUIState.maxMessages)))
        state.chatScroll = 0
        state.chatSelection = nil
        state.thread = nil
        state.search = nil
        if state.composing != nil {
            // The message it was about belongs to the chat that was shown.
            state.status = StatusMessage("cancelled: the message is in another chat")
            state.composing = nil
            state.input.setText("")
        }
        if let index = state.channels.firstIndex(where: { $0.document == document }) { state.channelSelection = index }
        return []
    case let .transferUpdated(info):
        return update(info, &state)
    case let .pathsListed(word, candidates):
        completePaths(word: word, candidates: candidates, &state)
        return []
    case let .externalEditReady(document, name, text):
        return [.runEditor(document: document, name: name, text: text)]
    case let .keyChanged(warning):
        // One dialog per key change, however often it is reported (each dial of the old
        // address, the list at start): asked once, it waits in huddle peers and status.
        guard state.keyChangesAsked.insert(warning.newID).inserted else { return [] }
        state.status = StatusMessage(warning.message(remedy: "verify or block the new key"), isError: true)
        if !state.modals.contains(.keyChange(warning)) { state.modals.append(.keyChange(warning)) }
        return state.bell ? [.bell] : []
    case let .noteOpened(view):
        open(view, &state)
        return []
    case let .noteUpdated(change):
        update(change, &state)
        return []
    case let .filesDropped(paths, summary, pasted):
        drop(paths, summary: summary, pasted: pasted, &state)
        return []
    case let .pastedMissingFiles(pasted, missing):
        state.input.handle(.paste(pasted))
        let named = missing.prefix(2).map { TerminalText.sanitized($0) }.joined(separator: ", ") + (missing.count > 2 ? " and \(missing.count - 2) more" : "")
        state.status = StatusMessage("not found: \(named): pasted as text, nothing sent", isError: true)
        return []
    case let .documentsUpdated(channels, notes, workspaces, invitations):
        state.everyChannel = channels
        state.everyNote = notes
        if !workspaces.isEmpty { state.workspaces = workspaces }
        showWorkspaceDocuments(&state)
        for invitation in invitations where state.invitationsAsked.insert(invitation.workspace).inserted {
            state.modals.append(.invitation(invitation))
        }
        return []
    case let .workspaceSwitched(id, name):
        state.workspaceID = id
        state.workspace = name
        showWorkspaceDocuments(&state)
        state.status = StatusMessage("workspace \(TerminalText.sanitized(name))")
        return [.peer(.openChat(DocumentID.channel(workspace: Workspace(parsing: id) ?? .lan, name: "general").description))]
    }
}

/// The channels pane lists the shown workspace's channels and every direct conversation; the
/// notes pane its notes.
func showWorkspaceDocuments(_ state: inout TUIState) {
    let shown = Workspace(parsing: state.workspaceID) ?? .lan
    state.channels = state.everyChannel.filter { $0.document.workspace == nil || $0.document.workspace == shown }
    state.notes = state.everyNote.filter { $0.workspace == state.workspaceID }
    state.noteSelection = min(state.noteSelection, max(0, state.notes.count - 1))
    state.channelSelection = min(state.channelSelection, max(0, state.channels.count - 1))
}

/// A message for the chat pane: shown if its channel is open (and marked read), otherwise
/// counted as unread by the peer; a mention rings the bell either way.
func receive(_ row: ChatRow, in document: DocumentID, _ state: inout TUIState) -> [Effect] {
    // The chat's level says whether it rings and notifies: every message, mentions, or nothing.
    let level = state.notificationLevel(of: document)
    let alerts = !row.mine && !row.isNotice && level.alerts(mentionsMe: row.mentionsMe)
    var effects: [Effect] = alerts && state.bell ? [.bell] : []
    let isDirect = DocumentKind(document) == .direct
    if state.notify, alerts {
        let place = isDirect ? "@\(row.nickname)" : state.channels.first { $0.document == document }?.name ?? "huddle"
        effects.append(.notify(title: "\(row.nickname) in \(place)", body: row.body))
    }
    guard document == state.channelDocument else {
        if row.mentionsMe && level != .mute {
            let place = state.channels.first { $0.document == document }?.name ?? "a direct message"
            state.status = StatusMessage("\(row.nickname) mentioned you in \(place)")
        }
        return effects
    }
    if let index = state.messages.lastIndex(where: { $0.id == row.id }) {
        state.messages[index] = row
    } else {
        // A reply counts under what it answers, as new unless that thread is open.
        if let answered = row.replyTo, let index = state.messages.lastIndex(where: { $0.id == answered }) {
            state.messages[index].replies += 1
            if state.thread != answered { state.messages[index].newReplies += 1 }
        }
        state.messages.append(row)
        if state.messages.count > TUIState.maxMessages { state.messages.removeFirst(state.messages.count - TUIState.maxMessages) }
        if state.chatScroll > 0 { state.chatScroll += 1 } // keep the lines being read in place
    }
    if !row.mine { effects.append(.peer(.markRead(document))) }
    return effects
}

func handle(_ key: Key, _ state: inout TUIState) -> [Effect] {
    // Keys that work everywhere come first; an open overlay takes the rest.
    switch key {
    case .control("q"):
        state.quitting = true
        return [.quit]
    case .function(1):
        state.showsHelp.toggle()
        return []
    case .control("l"):
        return [.redraw]
    default:
        break
    }
    // "window too small" is all the screen shows: nothing else may act unseen.
    if Layout(size: state.size).isTooSmall { return [] }
    if state.showsHelp {
        // Up/Down and PgUp/PgDn scroll it (drawHelp keeps the scroll within what there is).
        let page = max(1, state.size.rows - 8)
        switch key {
        case .escape, .character("q"), .enter, .character("?"): state.showsHelp = false
        case .up: state.helpScroll = max(0, state.helpScroll - 1)
        case .down: state.helpScroll += 1
        case .pageUp: state.helpScroll = max(0, state.helpScroll - page)
        case .pageDown: state.helpScroll += page
        case .home: state.helpScroll = 0
        case .end: state.helpScroll = .max / 2
        default: break
        }
        state.helpScroll = min(state.helpScroll, helpScrollLimit(state))
        return []
    }
    let completing = state.completion
    state.completion = nil
    if key == .tab || key == .backTab {
        state.completion = completing
        if let effects = complete(&state, backwards: key == .backTab) { return effects }
        state.completion = nil
    }
    switch key {
    case .tab:
        state.focus = state.focus.next()
        return []
    case .backTab:
        state.focus = state.focus.next(backwards: true)
        return []
    default:
        break
    }
    if let effects = handleModalKey(key, &state) { return effects }
    if case let .altDigit(number) = key {
        // Alt-1 … Alt-9: the workspaces in the order /workspace lists them (lan first).
        guard state.workspaces.indices.contains(number - 1) else {
            state.status = StatusMessage("no workspace \(number): you are in \(state.workspaces.count)", isError: true)
            return []
        }
        let workspace = state.workspaces[number - 1]
        return [.peer(.switchWorkspace(workspace.id))]
    }
    if key == .control("n") {
        // The next channel or conversation with unread messages, after the one shown.
        let order = state.channels.filter { $0.unread > 0 && $0.notifications != .mute && $0.document != state.channelDocument }
        guard let next = order.first(where: { candidate in
            (state.channels.firstIndex { $0.document == candidate.document } ?? 0)
                > (state.channels.firstIndex { $0.document == state.channelDocument } ?? -1)
        }) ?? order.first else {
            state.status = StatusMessage("nothing unread")
            return []
        }
        state.focus = .chat
        return [.peer(.openChat(next.document.description))]
    }
    if let effects = handleEditorKey(key, &state) { return effects }
    if state.focus == .notes, let effects = handleNotesKey(key, &state) { return effects }
    if state.focus == .channels, let effects = handleChannelsKey(key, &state) { return effects }
    if let effects = handleListKey(key, &state) { return effects }
    guard state.focus == .chat else {
        switch key {
        case .character("?"): state.showsHelp = true
        case .character, .paste:
            // Typing with a side pane focused goes to the input line, not nowhere.
            state.focus = .chat
            state.input.handle(key)
        default: break
        }
        return []
    }
    if let effects = handleSearchKey(key, &state) { return effects }
    if let effects = handleChatMessageKey(key, &state) { return effects }
    if key == .enter {
        guard let line = state.input.submit() else { return [] }
        return submit(line, &state)
    }
    if key == .escape {
        state.status = nil
        return []
    }
    let page = max(1, Layout(size: state.size).chat.content.height - 1)
    switch key {
    case .pageUp:
        state.chatScroll += page
    case .pageDown:
        state.chatScroll = max(0, state.chatScroll - page)
    default:
        state.input.handle(key)
    }
    return []
}

/// Moves a list's highlighted row by `delta`, staying inside a list of `count` rows.
func step(_ selection: inout Int, _ delta: Int, count: Int) {
    selection = min(max(0, count - 1), max(0, selection + delta))
}

/// Up and Down pick a note, Enter opens it in the editor; other keys fall through (nil).
func handleNotesKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    switch key {
    case .up, .down:
        step(&state.noteSelection, key == .up ? -1 : 1, count: state.notes.count)
    case .enter:
        guard state.notes.indices.contains(state.noteSelection) else { return [] }
        return [.peer(.openNote(name: state.notes[state.noteSelection].name, create: false, workspace: shownPrivateWorkspace(state)))]
    default:
        return nil
    }
    return []
}

/// Up and Down pick a channel, Enter shows it; other keys fall through (nil).
func handleChannelsKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    switch key {
    case .up, .down:
        step(&state.channelSelection, key == .up ? -1 : 1, count: state.channels.count)
    case .enter:
        guard state.channels.indices.contains(state.channelSelection) else { return [] }
        state.focus = .chat
        return [.peer(.openChat(state.channels[state.channelSelection].document.description))]
    default:
        return nil
    }
    return []
}

/// Runs a `/command` or sends a line.
func submit(_ line: String, _ state: inout TUIState) -> [Effect] {
    // A message of several lines is a message, even when it starts with a slash.
    guard line.hasPrefix("/"), !line.hasPrefix("//"), !line.contains("\n") else {
        state.chatScroll = 0
        let text = line.hasPrefix("//") ? String(line.dropFirst()) : line
        return [.peer(.send(text: text, document: state.channelDocument))]
    }
    let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: true)
    let name = words.first.map(String.init) ?? ""
    let argument = words.dropFirst().joined(separator: " ")
    guard let command = Command.named(name) else {
        state.status = StatusMessage("unknown command /\(TerminalText.sanitized(name)): type /help for the list", isError: true)
        return []
    }
    switch command.name {
    case "help":
        state.showsHelp = true
    case "quit":
        state.quitting = true
        return [.quit]
    case "nick":
        guard !argument.isEmpty else {
            state.status = StatusMessage("usage: /nick NAME", isError: true)
            return []
        }
        if let problem = Nickname.validate(argument) {
            state.status = StatusMessage("nickname \(problem)", isError: true)
            return []
        }
        state.notice("You are now \(argument) (were \(state.nickname)).")
        state.nickname = argument
        return [.saveSetting(key: "nickname", value: argument)]
    case "search":
        guard !argument.isEmpty else {
            state.status = StatusMessage("usage: /search WORDS (\"a phrase\", prefix*, -word, from:NICK, in:#chan)", isError: true)
            return []
        }
        return [.peer(.search(argument))]
    case "notify":
        guard !argument.isEmpty else {
            let level = state.notificationLevel(of: state.channelDocument)
            state.status = StatusMessage("\(state.channel): \(level.rawValue) (/notify all, mentions, mute or default)")
            return []
        }
        guard argument == "default" || NotificationLevel(rawValue: argument) != nil else {
            state.status = StatusMessage("usage: /notify all|mentions|mute|default", isError: true)
            return []
        }
        return [.peer(.setNotificationLevel(document: state.channelDocument, NotificationLevel(rawValue: argument)))]
    case "dnd", "away", "here":
        return setPresence(command.name, argument, &state)
    case "theme":
        guard !argument.isEmpty else { return [.loadTheme("")] }
        return [.loadTheme(argument)]
    case "join":
        guard !argument.isEmpty, !argument.contains(" ") else {
            state.status = StatusMessage("usage: /join #CHANNEL or /join @NICK", isError: true)
            return []
        }
        if !argument.hasPrefix("@"), !argument.contains("/"), let workspace = Workspace(parsing: state.workspaceID), workspace != .lan,
           let document = try? DocumentID.channel(argument, in: workspace) {
            return [.peer(.openChat(document.description))]
        }
        return [.peer(.openChat(argument))]
    case "workspace":
        return [.peer(.switchWorkspace(argument))]
    case "invite":
        guard !argument.isEmpty, !argument.contains(" ") else {
            state.status = StatusMessage("usage: /invite NICK or /invite --code (in a private workspace: /workspace NAME first)", isError: true)
            return []
        }
        guard state.workspaceID != DocumentID.openWorkspace else {
            state.status = StatusMessage("everyone is in lan already: /workspace NAME shows a private workspace to invite to", isError: true)
            return []
        }
        if argument == "--code" { return [.peer(.inviteCode(workspace: state.workspaceID))] }
        return [.peer(.invite(peer: argument, workspace: state.workspaceID))]
    case "join-code":
        let words = argument.split(separator: " ").map(String.init)
        guard (1...2).contains(words.count) else {
            state.status = StatusMessage("usage: /join-code CODE [HOST:PORT] (the code a teammate read to you, like 7-guitarist-revenge)", isError: true)
            return []
        }
        state.status = StatusMessage("joining with the code…", isError: false)
        return [.peer(.joinCode(code: words[0], address: words.count == 2 ? words[1] : nil))]
    case "msg":
        // The text keeps its spacing: split the raw line, not the words.
        let raw = line.dropFirst(1 + name.count).drop { $0 == " " }
        let parts = raw.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else {
            state.status = StatusMessage("usage: /msg NICK TEXT", isError: true)
            return []
        }
        return [.peer(.directMessage(peer: String(parts[0]), text: String(parts[1])))]
    case "send":
        guard let words = ShellWords.split(argument.isEmpty ? "" : String(line.dropFirst(1 + name.count))), words.count >= 2 else {
            state.status = StatusMessage("usage: /send NICK PATH... (quote paths with spaces)", isError: true)
            return []
        }
        return [.peer(.sendFiles(peer: words[0].text, paths: words.dropFirst().map(\.text)))]
    case "edit":
        guard let name = argument.isEmpty ? state.editor?.name : argument else {
            state.status = StatusMessage("usage: /edit NAME (or open a note first)", isError: true)
            return []
        }
        return [.peer(.beginExternalEdit(name: name, workspace: shownPrivateWorkspace(state)))]
    case "note":
        let words = argument.split(separator: " ", maxSplits: 1).map(String.init)
        let create = words.first == "new" && words.count == 2
        let name = create ? words[1] : argument
        guard !name.isEmpty else {
            state.status = StatusMessage("usage: /note NAME or /note new NAME", isError: true)
            return []
        }
        return [.peer(.openNote(name: name, create: create, workspace: shownPrivateWorkspace(state)))]
    case "accept", "reject", "cancel", "resume":
        return TransferAction(rawValue: command.name).map { transferEffect($0, id: argument, &state) } ?? []
    case "verify", "block":
        guard !argument.isEmpty else {
            state.status = StatusMessage("usage: /\(command.name) NICK", isError: true)
            return []
        }
        guard command.name == "verify" else { return [.peer(.setTrust(peer: argument, action: .block))] }
        // Verifying shows what is verified, and asks.
        let matches = state.peers.filter { $0.nickname == argument || $0.shortID == argument.uppercased() }
        guard matches.count == 1, let peer = matches.first else {
            state.status = StatusMessage(matches.isEmpty ? "no peer called \(TerminalText.sanitized(argument)) (the peers pane lists them)"
                                                         : "several peers are called \(TerminalText.sanitized(argument)): /verify their short ID", isError: true)
            return []
        }
        guard let id = peer.id, let theirs = peer.fingerprint, let code = peer.safetyCode else {
            state.status = StatusMessage("\(TerminalText.sanitized(peer.nickname)) has not connected yet: no key to compare", isError: true)
            return []
        }
        state.modals.insert(.verify(VerifyQuestion(peerID: id, shortID: peer.shortID, nickname: peer.nickname, theirFingerprint: theirs,
                                                   yourFingerprint: state.fingerprint, safetyCode: code)), at: 0)
        return []
    default:
        break
    }
    return []
}

/// Adds a line to the chat pane for each peer that came online or went offline.
func announceChanges(from old: [PeerRow], to new: [PeerRow], in state: inout TUIState) {
    let wasOnline = Set(old.filter(\.online).map(\.shortID))
    let isOnline = Set(new.filter(\.online).map(\.shortID))
    for peer in new where isOnline.contains(peer.shortID) && !wasOnline.contains(peer.shortID) {
        if let member = peer.claimsNameOf {
            state.notice("\(peer.nickname) (\(peer.shortID)) is here: a new key with the nickname of your teammate \(member). New device or impostor? Compare fingerprints, then /verify \(peer.shortID).")
        } else {
            state.notice("\(peer.nickname) (\(peer.shortID)) is here.")
        }
    }
    for peer in old where wasOnline.contains(peer.shortID) && !isOnline.contains(peer.shortID) {
        state.notice("\(peer.nickname) (\(peer.shortID)) left.")
    }
}

/// The private workspace shown, for commands that name a note in it (nil in the lobby).
func shownPrivateWorkspace(_ state: TUIState) -> String? {
    state.workspaceID == DocumentID.openWorkspace ? nil : state.workspaceID
}

/// `rows` with each one's count of the replies among them (none new: a chat just opened).
func countReplies(_ rows: [ChatRow]) -> [ChatRow] {
    var counts: [String: Int] = [:]
    for row in rows { if let answered = row.replyTo { counts[answered, default: 0] += 1 } }
    guard !counts.isEmpty else { return rows }
    return rows.map { row in
        var counted = row
        counted.replies = counts[row.id] ?? 0
        return counted
    }
}
