import HuddleCore
import NIOCore
import NIOPosix

extension TransferEngine {
    /// One incoming connection: the offer (or a resumed one), the user's answer, the data.
    nonisolated func serve(_ connection: TransferConnection) async {
        let channel = connection.channel.channel
        let deadline = channel.eventLoop.scheduleTask(in: settings.firstMessageTimeout) { channel.close(promise: nil) }
        try? await connection.channel.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            guard case let .frame(first)? = try await iterator.next(), let peer = connection.peer else { return }
            deadline.cancel()
            guard case let .offer(wire)? = first.body else {
                try await outbound.write(.frame(.refusal(.protocolError, "a transfer starts with an offer")))
                return
            }
            let offer: TransferOffer
            do {
                offer = try TransferOffer.received(wire, limits: settings.limits)
            } catch {
                let reason = (error as? TransferError)?.description ?? NetworkErrorText.describe(error)
                self.continuation.yield(.offerRefused(from: peer, reason: reason))
                try await outbound.write(.frame(.refusal(.invalidOffer, reason)))
                return
            }
            guard let plan = try await self.answer(offer, wire: wire, from: peer, channel: channel, outbound: outbound) else { return }
            try await self.receive(offer.id, plan: plan, iterator: &iterator, outbound: outbound)
        }
        deadline.cancel()
    }

    /// Registers the offer and waits for the user (or finds the accepted offer a resume
    /// continues); answers a refusal itself and returns the plan to receive into, if any.
    func answer(_ offer: TransferOffer, wire: Huddle_Transfer_V1_Offer, from peer: PeerID, channel: Channel,
                outbound: NIOAsyncChannelOutboundWriter<TransferMessage>) async throws -> ReceivePlan? {
        let id = offer.id
        if let known = records[id], wire.resume, known.direction == .incoming, known.peer == peer, known.offer == offer,
           let stale = known.channel, !known.state.isFinal {
            // The sender resumes while this side still holds the old connection: the sender
            // lost it (a reset or an outage this side did not notice yet), so it is dead.
            // Close it and wait, briefly, for its receive loop to settle the transfer.
            stale.close(promise: nil)
            for _ in 0..<100 where records[id]?.channel != nil {
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        if let known = records[id] {
            // Only the same peer may continue the same offer, and only one connection at a time.
            guard wire.resume, known.direction == .incoming, known.peer == peer, known.offer == offer,
                  case .interrupted = known.state, known.channel == nil, let plan = known.plan else {
                try await outbound.write(.frame(.refusal(.unknownOffer, "this offer cannot be resumed here")))
                return nil
            }
            attach(id, channel: channel)
            return plan
        }
        guard !wire.resume else {
            try await outbound.write(.frame(.refusal(.unknownOffer, "this side does not know that transfer (any more)")))
            return nil
        }
        if let refusal = waitingOfferRefusal(from: peer, bytes: wire.serializedSizeForLimits) {
            self.continuation.yield(.offerRefused(from: peer, reason: refusal))
            try await outbound.write(.frame(.refusal(.rejected, refusal)))
            return nil
        }
        records[id] = TransferRecord(id: id, direction: .incoming, peer: peer, nickname: ReceivedNickname.capped(wire.nickname), offer: offer)
        records[id]?.offerBytes = wire.serializedSizeForLimits
        if settings.journalsUnansweredOffers(peer) { persist(id) }
        let lifetime = min(settings.offerLifetime, .seconds(max(1, Int(wire.expiresInSeconds))))
        let decision = await withCheckedContinuation { (continuation: CheckedContinuation<TransferRecord.Decision, Never>) in
            records[id]?.decision = continuation
            self.continuation.yield(.offered(records[id]!.summary(at: clock.now)))
            channel.closeFuture.whenComplete { _ in Task { await self.decide(id, .withdrawn) } }
            Task {
                try? await Task.sleep(for: lifetime)
                self.decide(id, .expire)
            }
        }
        switch decision {
        case let .accept(plan):
            attach(id, channel: channel)
            transition(id, .accept, event: .accepted(id))
            return plan
        case .reject:
            transition(id, .reject("declined"), event: .rejected(id, reason: "declined"))
            try await outbound.write(.frame(.refusal(.rejected, "\(settings.nickname) declined the files")))
        case .expire:
            transition(id, .expire, event: .expired(id))
            try await outbound.write(.frame(.refusal(.expired, "nobody answered in time")))
        case .withdrawn:
            transition(id, .cancel, event: .cancelled(id, byPeer: true))
        }
        return nil
    }

    /// Answers a waiting offer (the first answer wins); returns whether it was waiting.
    @discardableResult
    func decide(_ id: OfferID, _ decision: TransferRecord.Decision) -> Bool {
        guard let waiting = records[id]?.decision else { return false }
        records[id]?.decision = nil
        waiting.resume(returning: decision)
        return true
    }

    /// Receives the data of an accepted offer until every file is in place, the peer stops,
    /// or something is wrong (then the peer is told why and the partial file removed).
    nonisolated func receive(_ id: OfferID, plan: ReceivePlan, iterator: inout NIOAsyncChannelInboundStream<TransferMessage>.AsyncIterator,
                             outbound: NIOAsyncChannelOutboundWriter<TransferMessage>) async throws {
        guard let offer = await transfer(id)?.offer else { return }
        var receiver = FileReceiver(offer: offer, plan: plan, pool: pool, umask: umask, batchWait: settings.batchWait)
        var failure: TransferError?
        do {
            let accept = try await receiver.claim()
            await save(id, plan: receiver.plan)
            try await outbound.write(.frame(.with { $0.accept = accept }))
            guard case let .frame(frame)? = try await iterator.next(), case let .start(start)? = frame.body else {
                throw TransferError.protocolViolation("data before the start of the stream")
            }
            try await receiver.start(start)
            await progressed(id, bytes: receiver.bytesDone, filesDone: receiver.plan.filesDone, force: true)
            var reported = (plan: receiver.plan, at: ContinuousClock.now)
            let journalEachFile = offer.fileCount <= Self.journalEveryFileUpTo
            while !receiver.isComplete, let message = try await iterator.next() {
                switch message {
                case let .chunk(header, data):
                    try await receiver.receive(header, data)
                case let .frame(frame):
                    switch frame.body {
                    case let .fileEnd(end)?:
                        try await receiver.finishFile(end)
                    case let .refusal(refusal)?:
                        throw TransferError.refusedByPeer(.init(refusal.reason), peerMessage: refusal.message)
                    default:
                        throw TransferError.protocolViolation("an unexpected message during the data")
                    }
                }
                if receiver.commitDue() {
                    try await commitFinished(id, &receiver, outbound: outbound)
                } else if .now - reported.at >= Self.reportInterval || journalEachFile
                            && (reported.plan.partPath != receiver.plan.partPath || reported.plan.strayParts != receiver.plan.strayParts) {
                    // For offers of few files a new partial file is journaled at once; else, and
                    // for chunks of one file, every so often.
                    reported = (receiver.plan, .now)
                    await received(id, plan: receiver.plan, bytes: receiver.bytesDone)
                }
            }
        } catch let error as TransferError {
            failure = error
        } catch {
            failure = .connectionLost(NetworkErrorText.describe(error))
        }
        await receiver.finishWrites() // never close the file under a write
        await received(id, plan: receiver.plan, bytes: receiver.bytesDone) // what a resume will start from
        if !receiver.pending.isEmpty { // finished files count, whatever stopped the rest
            try? await commitFinished(id, &receiver, outbound: outbound)
        }
        if let refusal = await finishIncoming(id, receiver: receiver, failure: failure) {
            try? await outbound.write(.frame(refusal))
        }
        await attach(id, channel: nil)
    }

    /// How often the data loops tell the engine their progress (an actor hop each).
    static let reportInterval: Duration = .milliseconds(50)

    /// Commits the finished files (see ``FileReceiver/commit(journal:)``), reports each one done, and
    /// confirms them to the sender, in order; files moved before a failure are reported too.
    /// Not once the engine is stopping (then it throws, and the files stay partial files the
    /// journal knows, for the resume).
    nonisolated func commitFinished(_ id: OfferID, _ receiver: inout FileReceiver,
                                    outbound: NIOAsyncChannelOutboundWriter<TransferMessage>) async throws {
        guard await beginCommit() else { throw TransferError.connectionLost("huddle is stopping") }
        let before = receiver.plan.filesDone
        var failure: Error?
        do { try await receiver.commit { plan in await journalCommit(id, plan: plan) } } catch { failure = error }
        let moved = before..<receiver.plan.filesDone
        await filesDone(id, paths: Array(receiver.plan.completed.suffix(moved.count)), plan: receiver.plan)
        await endCommit()
        await progressed(id, bytes: receiver.bytesDone, filesDone: receiver.plan.filesDone, force: receiver.isComplete)
        if !moved.isEmpty {
            try await outbound.write(contentsOf: moved.map { index in .frame(.with { $0.fileDone = .with { $0.fileIndex = UInt32(index) } }) })
        }
        if let failure { throw failure }
    }

    /// Settles an incoming transfer: done, interrupted (keeps the partial file), or stopped
    /// (removes the partial file; returns the refusal to tell the peer why, unless it was
    /// the peer who stopped).
    func finishIncoming(_ id: OfferID, receiver: FileReceiver, failure: TransferError?) -> Huddle_Transfer_V1_Frame? {
        var receiver = receiver
        records[id]?.channel = nil // ended: a resume may come as soon as the event is out
        if receiver.isComplete, failure == nil || { if case .connectionLost = failure! { true } else { false } }() {
            receiver.close(removingPart: false)
            records[id]?.plan = receiver.plan
            transition(id, .finish, event: .done(id))
            return nil
        }
        let failure = failure ?? .connectionLost("the sender closed the connection")
        if state(of: id) == .cancelled { // cancelled here: cancel() told the peer
            receiver.close(removingPart: true)
        } else if case .connectionLost = failure {
            receiver.close(removingPart: false)
            transition(id, .interrupt, event: .interrupted(id, reason: failure.description))
        } else if case .refusedByPeer(.cancelled, _) = failure {
            receiver.close(removingPart: true)
            transition(id, .cancel, event: .cancelled(id, byPeer: true))
        } else {
            receiver.close(removingPart: true)
            let reason: TransferRefusalReason = switch failure {
            case .diskFull, .notEnoughSpace: .noSpace
            case .digestMismatch: .digestMismatch
            case .io: .ioError
            default: .protocolError
            }
            transition(id, .fail(failure.description), event: .failed(id, failure))
            records[id]?.plan = receiver.plan
            if case .refusedByPeer = failure { return nil }
            return .refusal(reason, failure.description)
        }
        records[id]?.plan = receiver.plan
        persist(id)
        return nil
    }
}

extension TransferEngine {
    /// Why another offer from `peer` (of `bytes`) may not wait for an answer, if it may not:
    /// offers that wait hold memory and a connection each, so each peer, and all of them,
    /// get only so many (``Settings/maxWaitingOffersPerPeer`` and the rest).
    func waitingOfferRefusal(from peer: PeerID, bytes: Int) -> String? {
        let waiting = records.values.filter { $0.direction == .incoming && $0.state == .offered }
        let fromPeer = waiting.filter { $0.peer == peer }
        if fromPeer.count >= settings.maxWaitingOffersPerPeer
            || fromPeer.reduce(0, { $0 + $1.offerBytes }) + bytes > settings.maxWaitingOfferBytesPerPeer {
            return "\(settings.nickname) has too many of your offers waiting for an answer; wait for them"
        }
        if waiting.count >= settings.maxWaitingOffers || waiting.reduce(0, { $0 + $1.offerBytes }) + bytes > settings.maxWaitingOfferBytes {
            return "\(settings.nickname) has too many offers waiting for an answer; try again later"
        }
        return nil
    }
}

extension Huddle_Transfer_V1_Offer {
    /// The offer's size on the wire, what it costs to hold while it waits.
    var serializedSizeForLimits: Int { (try? serializedBytes() as [UInt8])?.count ?? Int.max / 2 }
}
