// relance-plan: the plan stage of a nightly run, as its own process (see RelanceKit.PlanStage).
import Foundation
import RelanceKit

exit(StageCommand.main(.plan, PlanStage.run))
