// relance-render: the render stage of a nightly run, as its own process (see RelanceKit.RenderStage).
import Foundation
import RelanceKit

exit(StageCommand.main(.render, RenderStage.run))
