import ArgumentParser

/// `huddle-bench`: benchmarks that print their figures and the goals they compare against.
@main
struct HuddleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle-bench",
        abstract: "Measure huddle against its goals; each benchmark prints JSON lines.",
        subcommands: [TUIBenchmark.self, StartupBenchmark.self, SessionBenchmark.self]
    )
}
