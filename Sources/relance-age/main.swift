// relance-age: the age stage of a nightly run, as its own process (see RelanceKit.AgeStage).
import Foundation
import RelanceKit

exit(StageCommand.main(.age, AgeStage.run))
