import HuddleApp
import HuddleCore

/// A transfer appeared or changed: keep the list (newest first), tell the user about offers
/// and endings.
func update(_ info: TransferInfo, _ state: inout TUIState) -> [Effect] {
    let previous = state.transfers.first { $0.id == info.id }
    if let index = state.transfers.firstIndex(where: { $0.id == info.id }) {
        state.transfers[index] = info
    } else {
        // The selection stays on the transfer it was on (an arriving offer must not move it
        // under a key about to act on it).
        let selected = state.transfers.indices.contains(state.transferSelection) ? state.transfers[state.transferSelection].id : nil
        state.transfers.insert(info, at: state.transfers.firstIndex { info.isNewer(than: $0) } ?? state.transfers.endIndex)
        if state.transfers.count > 100 { state.transfers.removeLast(state.transfers.count - 100) }
        if let selected, let index = state.transfers.firstIndex(where: { $0.id == selected }) { state.transferSelection = index }
    }
    // An offer that is no longer waiting (answered elsewhere, expired) leaves its modal.
    if info.state != .offered { state.modals.removeAll { if case let .offer(offer) = $0 { offer.id == info.id } else { false } } }
    guard previous?.state != info.state else { return [] }
    let what = transferSummary(info)
    switch (info.direction, info.state) {
    case (.incoming, .offered):
        state.status = StatusMessage("\(info.nickname) offers \(what): /accept or /reject (\(info.shortID))")
        state.modals.append(.offer(info))
        return state.bell ? [.bell] : []
    case (.outgoing, .accepted):
        state.status = StatusMessage("\(info.nickname) accepted \(what)")
    case (.incoming, .accepted), (.incoming, .transferring) where previous?.state == .offered:
        // "/accept or /reject" no longer applies.
        state.status = StatusMessage("receiving \(what) from \(info.nickname)")
    case (_, .done):
        state.status = StatusMessage(info.direction == .incoming ? "received \(what)\(whereItWent(info))" : "\(info.nickname) has \(what)")
    case (_, .rejected), (_, .expired), (_, .failed), (_, .cancelled):
        state.status = StatusMessage("transfer \(info.shortID) \(info.state.rawValue)\(info.reason.map { ": \($0)" } ?? "")",
                                     isError: info.state != .cancelled)
    default:
        break
    }
    return []
}

/// Where a received transfer went: " as PATH" for one file (renamed if the name was taken),
/// " in FOLDER" for a folder or several files; nothing when the peer did not say.
func whereItWent(_ info: TransferInfo) -> String {
    guard let path = info.paths.first else { return "" }
    if info.files == 1 { return " as " + TerminalText.sanitized(path) }
    if info.names.count == 1, let top = info.names.first, let range = path.range(of: "/" + top + "/") {
        return " in " + TerminalText.sanitized(path[..<range.upperBound].dropLast())
    }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return " in " + TerminalText.sanitized(path[..<slash])
}

/// `report.pdf (2.1 MB)`, `photos (120 files, 310 MB)`.
func transferSummary(_ info: TransferInfo) -> String {
    let names = info.names.prefix(2).joined(separator: ", ") + (info.names.count > 2 ? ", …" : "")
    return "\(names) (\(info.files > 1 ? "\(info.files) files, " : "")\(ByteCount.format(info.bytes)))"
}

/// Files dropped on the terminal: ask before sending them to the peer in focus (the
/// conversation shown, else the peer picked in the peers pane).
func drop(_ paths: [String], summary: String, pasted: String = "", _ state: inout TUIState) {
    let peer = dropTarget(state)
    state.pendingDrop = DroppedFiles(paths: paths, summary: summary, peer: peer)
    state.pendingDrop?.pasted = pasted
    state.modals.removeAll { if case .drop = $0 { true } else { false } }
    state.modals.insert(.drop(state.pendingDrop!), at: 0)
    state.status = StatusMessage(peer.map { "Send \(summary) to \($0)? y / n" }
        ?? "Send \(summary) to whom? press the number of a peer in the list; n does not send")
}

/// The peers a drop with no peer in focus may go to, as the question numbers them (1 to 9).
func dropChoices(_ state: TUIState) -> [String] {
    Array(state.peers.filter(\.online).map(\.nickname).prefix(9))
}

/// The peer dropped files go to: the other side of the conversation shown, else the peer
/// picked in the peers pane if it is online.
func dropTarget(_ state: TUIState) -> String? {
    if state.channel.hasPrefix("@") { return String(state.channel.dropFirst()) }
    guard state.peerPicked, state.peers.indices.contains(state.peerSelection), state.peers[state.peerSelection].online else { return nil }
    return state.peers[state.peerSelection].nickname
}

/// y sends the dropped files, n or Esc drops the question; other keys are not taken (nil).
func answerDrop(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    guard let pending = state.pendingDrop else { return nil }
    func send(to peer: String) -> [Effect] {
        state.pendingDrop = nil
        state.status = StatusMessage("offering \(pending.summary) to \(peer)…")
        return [.peer(.sendFiles(peer: peer, paths: pending.paths))]
    }
    switch key {
    case .character("y"), .character("Y"), .enter:
        guard let peer = pending.peer ?? dropTarget(state) else {
            state.status = StatusMessage("to whom? press the number of a peer in the question (or n)", isError: true)
            return []
        }
        return send(to: peer)
    case let .character(digit) where pending.peer == nil && dropTarget(state) == nil && digit.isWholeNumber:
        // No peer in focus: the question lists the online peers by number.
        let choices = dropChoices(state)
        guard let number = digit.wholeNumberValue, choices.indices.contains(number - 1) else { return [] }
        return send(to: choices[number - 1])
    case .character("n"), .character("N"), .escape:
        state.pendingDrop = nil
        if pending.pasted.isEmpty {
            state.status = StatusMessage("not sent")
        } else {
            // Not files to send, then: the paste is text, in the input line.
            state.input.handle(.paste(pending.pasted))
            state.status = StatusMessage("not sent: what was dropped is in the input line")
        }
        return []
    default:
        return nil
    }
}

/// Keys of the peers and transfers panes: Up/Down pick; in transfers a, r, c (and Enter on an
/// offer) act on the picked one. Other keys are not taken (nil).
func handleListKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    switch (state.focus, key) {
    case (.peers, .up), (.peers, .down):
        step(&state.peerSelection, key == .up ? -1 : 1, count: state.peers.count)
        state.peerPicked = true
    case (.transfers, .up), (.transfers, .down): step(&state.transferSelection, key == .up ? -1 : 1, count: state.transfers.count)
    case (.transfers, .character("a")), (.transfers, .enter): return transferEffect(.accept, id: nil, &state)
    case (.transfers, .character("r")): return transferEffect(.reject, id: nil, &state)
    case (.transfers, .character("c")): return transferEffect(.cancel, id: nil, &state)
    default: return nil
    }
    return []
}

/// The effect of `/accept`, `/reject`, `/cancel`, `/resume` (or their keys): on the transfer
/// `id` names, else the picked one (transfers pane focused), else the newest that fits.
func transferEffect(_ action: TransferAction, id: String?, _ state: inout TUIState) -> [Effect] {
    if let id, !id.isEmpty { return [.peer(.transferAction(action, id: id))] }
    let fits: (TransferInfo) -> Bool = switch action {
    case .accept, .reject: { $0.direction == .incoming && $0.state == .offered }
    case .resume: { $0.direction == .outgoing && $0.state == .interrupted }
    case .cancel: { !$0.isFinal }
    }
    let picked = state.focus == .transfers && state.transfers.indices.contains(state.transferSelection)
        ? state.transfers[state.transferSelection] : nil
    guard let target = picked.flatMap({ fits($0) ? $0 : nil }) ?? state.transfers.first(where: fits) else {
        state.status = StatusMessage("no transfer to \(action.rawValue)", isError: true)
        return []
    }
    return [.peer(.transferAction(action, id: target.id))]
}
