import ArgumentParser

/// Benchmarks for huddle. Each subcommand prints one JSON object per line.
@main
struct HuddleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle-bench",
        abstract: "Measure huddle's speed and memory against its goals.",
        subcommands: [CrdtBench.self]
    )
}
