#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal on `input`/`output` the start-up probe's questions (``WidthProbe``) and
/// waits for the answers, at most `timeout` (95 ms: under the 100 ms huddle allows itself,
/// with the last poll's rounding): the terminal must already be in raw mode.
public enum WidthQuery {
    /// The probe with whatever came back, and how long the wait took in milliseconds.
    public static func ask(input: Int32 = 0, output: Int32 = 1,
                           timeout: Duration = .milliseconds(95)) -> (probe: WidthProbe, milliseconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: timeout)
        NcursesScreen.writeAll(WidthProbe.request, to: output)
        var probe = WidthProbe()
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !probe.isComplete {
            let left = clock.now.duration(to: deadline)
            guard left > .zero else { break }
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            probe.receive(buffer[0..<count])
        }
        let elapsed = start.duration(to: clock.now)
        return (probe, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
}
