import HuddleCore
import NIOCore

/// When to probe and announce (RFC 6762 §8): a state machine driven by the time it is
/// given, so tests step through it without waiting.
///
/// Three probes 250 ms apart after a random 0-250 ms wait, then two announcements 1 s
/// apart. A conflict restarts probing at once (the caller picks a new name); losing a
/// simultaneous-probe tie-break restarts it after one second; after 15 conflicts in 10 s
/// the next probe waits 5 s.
public struct MDNSProber: Equatable, Sendable {
    /// Where the prober is.
    public enum Phase: Equatable, Sendable {
        /// Not started.
        case idle
        /// Probing; `sent` probes are out.
        case probing(sent: Int)
        /// Names claimed; `sent` announcements are out.
        case announcing(sent: Int)
        /// Every announcement is out.
        case announced
        /// Stopped (goodbyes sent).
        case stopped
    }

    /// What to send now.
    public enum Action: Equatable, Sendable {
        /// A probe query for our names, proposed records in the authority section.
        case probe
        /// An unsolicited response with every record.
        case announce
    }

    /// The current phase.
    public private(set) var phase: Phase = .idle
    /// When ``due(now:)`` next has something to do.
    public private(set) var nextAction: NIODeadline?
    private var conflictTimes: [NIODeadline] = []

    /// A prober that has not started.
    public init() {}

    /// Whether our names are ours: answers and announcements may go out.
    public var ownsNames: Bool {
        switch phase {
        case .announcing, .announced: true
        default: false
        }
    }

    /// Whether probes are going out (tie-breaks and conflicts matter).
    public var isProbing: Bool {
        if case .probing = phase { return true }
        return false
    }

    /// Starts probing after a random delay of up to 250 ms.
    public mutating func start(now: NIODeadline, random: inout SplitMix64) {
        phase = .probing(sent: 0)
        let wait = Int64.random(in: 0...MDNSTiming.probeInitialDelayMax.nanoseconds, using: &random)
        nextAction = now + .nanoseconds(wait)
    }

    /// The action due at `now`, if any; advances the schedule.
    public mutating func due(now: NIODeadline) -> Action? {
        guard let next = nextAction, next <= now else { return nil }
        switch phase {
        case let .probing(sent) where sent < MDNSTiming.probeCount:
            phase = .probing(sent: sent + 1)
            nextAction = now + MDNSTiming.probeInterval
            return .probe
        case .probing:
            phase = .announcing(sent: 0)
            return announce(now: now)
        case .announcing:
            return announce(now: now)
        case .idle, .announced, .stopped:
            nextAction = nil
            return nil
        }
    }

    private mutating func announce(now: NIODeadline) -> Action {
        guard case let .announcing(sent) = phase else { return .announce }
        if sent + 1 >= MDNSTiming.announceCount {
            phase = .announced
            nextAction = nil
        } else {
            phase = .announcing(sent: sent + 1)
            nextAction = now + MDNSTiming.announceInterval
        }
        return .announce
    }

    /// Another holder's records differ from ours: probe again (the caller renames first
    /// when the conflict came while probing). Rate-limited as §8.1 asks.
    public mutating func conflict(now: NIODeadline) {
        conflictTimes = conflictTimes.filter { now - $0 < MDNSTiming.conflictWindow } + [now]
        phase = .probing(sent: 0)
        nextAction = conflictTimes.count >= MDNSTiming.conflictLimit ? now + MDNSTiming.conflictBackoff : now
    }

    /// We lost a simultaneous-probe tie-break (§8.2): probe the same names again in 1 s.
    public mutating func lostTieBreak(now: NIODeadline) {
        phase = .probing(sent: 0)
        nextAction = now + MDNSTiming.probeTieBreakWait
    }

    /// Addresses changed: announce again (§8.4), if the names are ours.
    public mutating func reannounce(now: NIODeadline) {
        guard ownsNames else { return }
        phase = .announcing(sent: 0)
        nextAction = now
    }

    /// Stopped for good.
    public mutating func stop() {
        phase = .stopped
        nextAction = nil
    }
}
