import ArgumentParser

/// `huddle-bench`: benchmarks that print their figures and the goals they compare against,
/// one JSON object per line.
@main
struct HuddleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle-bench",
        abstract: "Measure huddle's speed and memory against its goals; each benchmark prints JSON lines.",
        subcommands: [CrdtBench.self, TUIBenchmark.self, StartupBenchmark.self, SessionBenchmark.self, SyncBenchmark.self, AckBenchmark.self, DiscoveryBenchmark.self,
                      HostileBenchmark.self, AccessBenchmark.self, ProbeBenchmark.self, SearchBenchmark.self]
    )
}
