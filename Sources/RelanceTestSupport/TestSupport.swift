import RelanceKit
