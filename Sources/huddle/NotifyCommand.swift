import ArgumentParser
import HuddleApp
import HuddleCore

/// `huddle notify CHAT [all|mentions|mute|default]`: how loudly a chat asks for attention here.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "How a chat asks for attention on this device: all messages, mentions only (a channel's default), or mute.")

    @OptionGroup var options: CommonOptions
    @Argument(help: ArgumentHelp("The chat: '#channel' or @NICK.", valueName: "CHAT")) var chat: String
    @Argument(help: ArgumentHelp("all, mentions, mute, or default; without it, the level is said.", valueName: "LEVEL"))
    var level: String?
    @Option(help: ArgumentHelp("The workspace (default: the config's workspace, else lan).", valueName: "W")) var workspace: String?

    func run() throws {
        var chosen: NotificationLevel?
        if let level, level != "default" {
            guard let known = NotificationLevel(rawValue: level) else {
                throw ValidationError("the level is all, mentions, mute or default, not \(level)")
            }
            chosen = known
        }
        print(try options.controlClient().request(.notifications(channel: chat, set: level != nil, level: chosen, workspace: workspace), \.done))
    }
}
