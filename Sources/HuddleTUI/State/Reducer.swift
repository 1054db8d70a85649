import HuddleApp

/// The one place state changes: applies `action` to `state`, returns the I/O to run.
public func reduce(_ state: inout TUIState, _ action: Action) -> [Effect] {
    switch action {
    case let .resized(size):
        state.size = size
        state.input.keepCursorVisible(width: Layout(size: size).inputField.width)
        return []
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
        let effects = handle(key, &state)
        state.input.keepCursorVisible(width: Layout(size: state.size).inputField.width)
        return effects
    }
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
    default:
        break
    }
    if state.showsHelp {
        if key == .escape || key == .character("q") || key == .enter || key == .character("?") { state.showsHelp = false }
        return []
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
    guard state.focus == .chat else {
        switch key {
        case .character("?"): state.showsHelp = true
        case .character("/"):
            state.focus = .chat
            state.input.handle(key)
        default: break
        }
        return []
    }
    if key == .enter {
        guard let line = state.input.submit() else { return [] }
        return submit(line, &state)
    }
    if key == .escape {
        state.status = nil
        return []
    }
    state.input.handle(key)
    return []
}

/// Runs a `/command` or sends a line.
func submit(_ line: String, _ state: inout TUIState) -> [Effect] {
    guard line.hasPrefix("/"), !line.hasPrefix("//") else {
        state.status = StatusMessage("no one to send to yet: chat arrives with peer sessions", isError: true)
        return []
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
        state.notices.append("You are now \(argument) (were \(state.nickname)).")
        state.nickname = argument
        return [.saveSetting(key: "nickname", value: argument)]
    case "theme":
        guard !argument.isEmpty else { return [.loadTheme("")] }
        return [.loadTheme(argument)]
    case "verify", "block":
        guard !argument.isEmpty else {
            state.status = StatusMessage("usage: /\(command.name) NICK", isError: true)
            return []
        }
        return [.setTrust(peer: argument, level: command.name == "verify" ? "verified" : "blocked")]
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
        state.notices.append("\(peer.nickname) (\(peer.shortID)) is here.")
    }
    for peer in old where wasOnline.contains(peer.shortID) && !isOnline.contains(peer.shortID) {
        state.notices.append("\(peer.nickname) (\(peer.shortID)) left.")
    }
    if state.notices.count > 200 { state.notices.removeFirst(state.notices.count - 200) }
}
