// relance-report: the report stage of a nightly run, as its own process (see RelanceKit.ReportStage).
import Foundation
import RelanceKit

exit(StageCommand.main(.report, ReportStage.run))
