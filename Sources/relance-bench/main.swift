// relance-bench: the data generator and the benchmark of scale.md (work in progress).
import Foundation

FileHandle.standardError.write(Data("relance-bench: not yet implemented\n".utf8))
exit(2)
