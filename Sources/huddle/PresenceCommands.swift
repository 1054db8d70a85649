import ArgumentParser
import HuddleApp
import HuddleCore

/// `huddle here`, `huddle away [TEXT]`, `huddle dnd [TEXT]`: your presence as teammates see it
/// (saved: the next start begins with it).
struct PresenceOptions: ParsableArguments {
    @OptionGroup var options: CommonOptions
    @Argument(help: ArgumentHelp("What to say with it, e.g. 'lunch, back at 2' (at most 64 characters).", valueName: "TEXT"))
    var text: [String] = []

    func set(_ availability: Availability) throws {
        let text = self.text.joined(separator: " ")
        guard text.count <= Presence.maxTextCharacters else {
            throw ValidationError("the text is \(text.count) characters; at most \(Presence.maxTextCharacters)")
        }
        print(try options.controlClient().request(.setPresence(Presence(availability: availability, text: text)), \.done))
    }
}

/// `huddle here [TEXT]`.
struct HereCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "here", abstract: "Show teammates you are here (the default).")
    @OptionGroup var presence: PresenceOptions
    func run() throws { try presence.set(.here) }
}

/// `huddle away [TEXT]`.
struct AwayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "away", abstract: "Show teammates you are away, with an optional text.")
    @OptionGroup var presence: PresenceOptions
    func run() throws { try presence.set(.away) }
}

/// `huddle dnd [TEXT]`.
struct DoNotDisturbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dnd", abstract: "Do not disturb: teammates see it; no bell or notification for you.")
    @OptionGroup var presence: PresenceOptions
    func run() throws { try presence.set(.doNotDisturb) }
}
