import Foundation
import Testing
import HuddleCore

@Suite("Convergence under a hostile network")
struct ConvergenceTests {
    @Test("2 to 8 replicas converge after reordering, duplication, loss and partitions (fixed seeds)",
          arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func randomEditsConverge(seed: UInt64) {
        let failures = TextSimulator.run(seed: seed, steps: 250)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    @Test("long fuzz run of notes and chat (HUDDLE_LONG_FUZZ=1; HUDDLE_FUZZ_SEEDS, HUDDLE_FUZZ_BASE)",
          .enabled(if: ProcessInfo.processInfo.environment["HUDDLE_LONG_FUZZ"] == "1"))
    func longConvergenceRun() {
        let count = UInt64(ProcessInfo.processInfo.environment["HUDDLE_FUZZ_SEEDS"] ?? "") ?? 300
        let base = UInt64(ProcessInfo.processInfo.environment["HUDDLE_FUZZ_BASE"] ?? "") ?? 1000
        for seed in base..<(base + count) {
            let failures = TextSimulator.run(seed: seed, steps: 1500) + ChatSimulator.run(seed: seed, steps: 1500)
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            if !failures.isEmpty { return }
        }
    }
}
