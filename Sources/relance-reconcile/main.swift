// relance-reconcile: the reconcile stage of a nightly run, as its own process (see RelanceKit.ReconcileStage).
import Foundation
import RelanceKit

exit(StageCommand.main(.reconcile, ReconcileStage.run))
