import HuddleCore
import Testing

@Suite("When a transfer was offered, started and ended")
struct TransferTimesTests {
    @Test("the first start and the end are kept: an interruption and a resume do not move the start, nothing moves the end")
    func startAndEndAreNotedOnce() {
        var times = TransferTimes(offeredAt: 1_000)
        times.note(.offered, at: 1_500)
        #expect(times == TransferTimes(offeredAt: 1_000))
        times.note(.accepted, at: 2_000)
        times.note(.transferring, at: 2_100)
        times.note(.interrupted, at: 3_000)
        times.note(.transferring, at: 4_000)
        #expect(times.startedAt == 2_000 && times.endedAt == nil && times.runMilliseconds == nil)
        times.note(.done, at: 5_000)
        times.note(.failed, at: 6_000)
        #expect(times.endedAt == 5_000 && times.runMilliseconds == 3_000)
        var rejected = TransferTimes(offeredAt: 1_000)
        rejected.note(.rejected, at: 1_200)
        #expect(rejected.startedAt == nil && rejected.endedAt == 1_200 && rejected.runMilliseconds == nil)
    }
}
