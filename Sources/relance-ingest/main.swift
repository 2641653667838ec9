// relance-ingest: the ingest stage of a nightly run, as its own process (see RelanceKit.IngestStage).
import Foundation
import RelanceKit

exit(StageCommand.main(.ingest, IngestStage.run))
