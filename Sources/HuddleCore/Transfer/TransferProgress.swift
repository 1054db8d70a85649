/// How far a transfer got, counted in verified bytes and finished files.
public struct TransferProgress: Hashable, Sendable {
    /// Bytes sent (sender) or verified and written (receiver), resumed prefixes included.
    public var bytesDone: UInt64
    /// Bytes in the whole offer.
    public var bytesTotal: UInt64
    /// Files completely done.
    public var filesDone: Int
    /// Files in the offer.
    public var filesTotal: Int

    /// Progress values.
    public init(bytesDone: UInt64 = 0, bytesTotal: UInt64, filesDone: Int = 0, filesTotal: Int) {
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.filesDone = filesDone
        self.filesTotal = filesTotal
    }

    /// Done as a fraction from 0 to 1 (files count when there are no bytes, as for empty files).
    public var fraction: Double {
        if bytesTotal > 0 { return min(1, Double(bytesDone) / Double(bytesTotal)) }
        return filesTotal > 0 ? min(1, Double(filesDone) / Double(filesTotal)) : 1
    }

    /// Bytes still to go.
    public var bytesRemaining: UInt64 { bytesTotal > bytesDone ? bytesTotal - bytesDone : 0 }
}

/// Measures a transfer's rate over a sliding window and estimates the time left. Pure: the
/// caller passes the times (seconds on any monotonic clock).
public struct RateMeter: Sendable {
    /// How many seconds of samples the rate is taken over.
    public let window: Double
    /// The shortest span that gives a rate at all (before it: no rate, no ETA).
    public let minimumSpan: Double
    private var samples: [(time: Double, bytes: UInt64)] = []

    /// A meter over `window` seconds.
    public init(window: Double = 5, minimumSpan: Double = 0.25) {
        self.window = window
        self.minimumSpan = minimumSpan
    }

    /// Records that `bytes` in all were done at `time`. Samples going back in time or in bytes
    /// (a resumed transfer restarting its count) reset the meter.
    public mutating func record(bytes: UInt64, at time: Double) {
        if let last = samples.last, time < last.time || bytes < last.bytes { samples.removeAll() }
        samples.append((time, bytes))
        while let first = samples.first, samples.count > 2, time - first.time > window { samples.removeFirst() }
    }

    /// Bytes per second over the window, or `nil` until enough time has passed.
    public var bytesPerSecond: Double? {
        guard let first = samples.first, let last = samples.last, last.time - first.time >= minimumSpan else { return nil }
        return Double(last.bytes - first.bytes) / (last.time - first.time)
    }

    /// Seconds until `remaining` more bytes are done at the current rate; `nil` while the rate
    /// is unknown or zero.
    public func secondsLeft(remaining: UInt64) -> Double? {
        guard let rate = bytesPerSecond, rate > 0 else { return remaining == 0 ? 0 : nil }
        return Double(remaining) / rate
    }
}
