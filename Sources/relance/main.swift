// relance: the orchestrator (run, check, status, approve, reject). See RelanceKit.RelanceCommand.
import Foundation
import RelanceKit

exit(RelanceCommand.main(Array(CommandLine.arguments.dropFirst())))
