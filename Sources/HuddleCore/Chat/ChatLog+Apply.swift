extension ChatLog {
    /// Merges a remote change; returns what became visible. Duplicates do nothing; a change
    /// whose dependencies are missing waits until they arrive.
    public mutating func apply(_ change: ChatChange) throws(ChatError) -> [ChatEvent] {
        do { try change.validate() } catch { throw .invalidChange(error) }
        if knownSeq(change.author) >= change.endSeq { return [] }
        guard isReady(change) else {
            if waiting.contains(change) { return [] }
            guard waiting.add(change) else { throw .bufferFull }
            return []
        }
        var events = try applyReady(change)
        guard !waiting.isEmpty else { return events }
        // The room is set aside while its changes apply, so the checks can read the log.
        var room = waiting
        waiting = WaitingRoom()
        while let next = room.takeReady(isHeld: { knownSeq($0.author) >= $0.endSeq }, isReady: { isReady($0) }) {
            if let more = try? applyReady(next) { events += more }
        }
        waiting = room
        return events
    }

    /// Whether `change` would apply now rather than wait: the author's earlier seqs and every
    /// dependency are held (or it is held already).
    public func canApplyNow(_ change: ChatChange) -> Bool { knownSeq(change.author) >= change.endSeq || isReady(change) }

    func knownSeq(_ id: ReplicaID) -> UInt64 {
        guard let a = agents[id] else { return 0 }
        return known[a]
    }

    func isReady(_ change: ChatChange) -> Bool {
        knownSeq(change.author) + 1 >= change.startSeq
            && change.dependencies.allSatisfy { knownSeq($0.replica) >= $0.seq }
    }

    /// The Lamport clock of operation `seq` of `id` (which must be known).
    func clock(_ id: ReplicaID, _ seq: UInt64) -> UInt64 {
        guard let a = agents[id], seq >= 1, seq <= UInt64(clocks[a].count) else { return 0 }
        return clocks[a][Int(seq - 1)]
    }

    mutating func applyReady(_ change: ChatChange) throws(ChatError) -> [ChatEvent] {
        let author = change.author
        // Checks first, so a refused change leaves the log untouched.
        let skip = Int(min(UInt64(change.operations.count), knownSeq(author) >= change.startSeq
            ? knownSeq(author) - change.startSeq + 1 : 0))
        guard skip < change.operations.count else { return [] }
        let firstSeq = change.startSeq + UInt64(skip)
        var floor = clock(author, firstSeq - 1)
        for dep in change.dependencies { floor = max(floor, clock(dep.replica, dep.seq)) }
        guard change.lamports[skip] > floor else {
            throw .invalidChange(.valueOutOfRange("Lamport clock not after its dependencies"))
        }
        // The step is measured from the change's own causal past, so every replica judges it
        // the same whatever else it has seen.
        var previous = floor
        for lamport in change.lamports.dropFirst(skip) {
            guard lamport - previous <= DecodeLimits.maxLamportStep else { throw .clockJump }
            previous = lamport
        }
        var posted = Set<UInt64>()
        for (i, op) in change.operations.enumerated().dropFirst(skip) {
            switch op {
            case .post: posted.insert(change.startSeq + UInt64(i))
            case .edit(let target, _, _), .delete(let target):
                let id = MessageID(replica: author, seq: target)
                guard byID[id] != nil || posted.contains(target) else {
                    throw .invalidChange(.valueOutOfRange("edit or delete of something that is not a message"))
                }
            case .reply(let target, _, _), .react(let target, _, _):
                // Anyone's message, which the author had seen: its dependencies bring it first.
                guard byID[target] != nil || (target.replica == author && posted.contains(target.seq)) else {
                    throw .invalidChange(.valueOutOfRange("reply or reaction to something that is not a message"))
                }
                if case .reply = op { posted.insert(change.startSeq + UInt64(i)) }
            }
        }
        let a = agent(for: author)
        var events: [ChatEvent] = []
        for (i, op) in change.operations.enumerated().dropFirst(skip) {
            let seq = change.startSeq + UInt64(i)
            let lamport = change.lamports[i]
            switch op {
            case .post(let body, let wallTime):
                let message = ChatMessage(id: MessageID(replica: author, seq: seq), lamport: lamport,
                                          wallTime: wallTime, body: body, editedWallTime: nil)
                byID[message.id] = message
                insertInOrder(message)
                events.append(.posted(message))
            case .edit(let target, let body, let wallTime):
                let id = MessageID(replica: author, seq: target)
                if !deleted.contains(id), var message = byID[id] {
                    message.body = body
                    message.editedWallTime = wallTime
                    byID[id] = message
                    events.append(.edited(message))
                }
            case .delete(let target):
                let id = MessageID(replica: author, seq: target)
                if deleted.insert(id).inserted { events.append(.deleted(id)) }
            case .reply(let target, let body, let wallTime):
                var message = ChatMessage(id: MessageID(replica: author, seq: seq), lamport: lamport,
                                          wallTime: wallTime, body: body, editedWallTime: nil)
                message.replyTo = target
                byID[message.id] = message
                insertInOrder(message)
                events.append(.posted(message))
            case .react(let target, let emoji, let add):
                if react(author, emoji, on: target, add: add) { events.append(.reacted(target)) }
            }
            clocks[a].append(lamport)
            known[a] = seq
            maxLamport = max(maxLamport, lamport)
        }
        log.append(change)
        return events
    }

    /// Applies `reactor`'s reaction; returns whether the reactions changed. A reactor holds
    /// at most ``ChatReaction/maxPerReactor`` on one message: a further one is not counted
    /// (the same on every replica, since each reactor's operations apply in its own order).
    mutating func react(_ reactor: ReplicaID, _ emoji: String, on target: MessageID, add: Bool) -> Bool {
        var onMessage = reactions[target] ?? [:]
        if add {
            guard onMessage[emoji]?.contains(reactor) != true,
                  onMessage.values.count(where: { $0.contains(reactor) }) < ChatReaction.maxPerReactor else { return false }
            onMessage[emoji, default: []].insert(reactor)
        } else {
            guard onMessage[emoji]?.remove(reactor) != nil else { return false }
            if onMessage[emoji]?.isEmpty == true { onMessage[emoji] = nil }
        }
        reactions[target] = onMessage.isEmpty ? nil : onMessage
        return true
    }

    /// Inserts into `order` by binary search (new messages usually go at the end).
    mutating func insertInOrder(_ message: ChatMessage) {
        var lo = 0, hi = order.count
        if let last = order.last, let m = byID[last], m.precedes(message) {
            order.append(message.id)
            return
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if let m = byID[order[mid]], m.precedes(message) { lo = mid + 1 } else { hi = mid }
        }
        order.insert(message.id, at: lo)
    }
}
