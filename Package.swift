// swift-tools-version:6.0
// Relance: an accounts-receivable collection pipeline. Toolchain only: no package dependencies.
import PackageDescription

let stages = ["relance-ingest", "relance-reconcile", "relance-age", "relance-plan", "relance-render", "relance-report"]

let package = Package(
    name: "Relance",
    products: [
        .library(name: "RelanceKit", targets: ["RelanceKit"]),
        .executable(name: "relance", targets: ["relance"]),
        .executable(name: "relance-bench", targets: ["relance-bench"]),
    ] + stages.map { .executable(name: $0, targets: [$0]) },
    targets: [
        .target(name: "RelanceKit"),
        .target(name: "RelanceTestSupport", dependencies: ["RelanceKit"]),
        // The orchestrator lists the stage executables so that `swift run relance …` builds them all;
        // it finds them next to its own executable.
        .executableTarget(name: "relance", dependencies: ["RelanceKit"] + stages.map { .target(name: $0) }),
        // The data generator and benchmark (scale.md): not part of a nightly run.
        .executableTarget(name: "relance-bench", dependencies: ["RelanceKit"]),
        // Golden renderings are read from the source tree (`#filePath`), not from the bundle.
        .testTarget(name: "RelanceKitTests", dependencies: ["RelanceKit", "RelanceTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "EndToEndTests", dependencies: ["RelanceKit", "RelanceTestSupport", "relance"]),
    ] + stages.map { .executableTarget(name: $0, dependencies: ["RelanceKit"]) }
)
