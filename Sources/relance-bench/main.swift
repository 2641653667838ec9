// relance-bench: the data generator and the benchmark of scale.md.
//   relance-bench generate --invoices N --seed S [--demo PATH] OUT_DIR
//   relance-bench run --invoices N [--seed S] [--keep DIR] [--demo PATH]
//   relance-bench kernels [--rows N] [--keep DIR] [--demo PATH]
//   relance-bench camt FILE…
import Foundation
import RelanceKit

let usage = """
usage: relance-bench generate --invoices N --seed S [--demo PATH] OUT_DIR
       relance-bench run --invoices N [--seed S] [--keep DIR] [--demo PATH]
       relance-bench kernels [--rows N] [--keep DIR] [--demo PATH]
       relance-bench camt FILE…

generate  writes OUT_DIR/inbox/ (customers, FEC for FR, open items for BE, CAMT.053 for FR, bank CSV
          for BE, holds), OUT_DIR/pipeline.conf with the demo's plans, templates and rates beside it,
          and OUT_DIR/truth.csv (which bank line pays what). Same N and seed, same bytes.
run       generates (or reuses DIR when it holds the same N and seed), runs the six stages one by one,
          prints wall time, rows/s, peak RSS per stage and the matching precision/recall; writes
          bench.json in the folder. Use a release build.
kernels   the speed of the library's kernels, each in its own process (default 1 000 000 rows): an
          open-items CSV ingested, the CAMT.053 statements of the generator ingested, aging + KPIs with
          twice as many history rows, matching as many bank credits as open invoices; kernels.json.
camt      reads each CAMT file three times with the pipeline's reader and prints the best throughput
          (MB/s of wall and of thread CPU time) and the transactions read. Use a release build.
--demo    the demo pipeline whose plans/templates/rates are copied (default: pipelines/demo from the
          current directory, else found above the executable).
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("relance-bench: " + message + "\n").utf8))
    exit(2)
}

func defaultDemo() -> String {
    let fm = FileManager.default
    if fm.fileExists(atPath: "pipelines/demo/pipeline.conf") { return fm.currentDirectoryPath + "/pipelines/demo" }
    var dir = ((try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]) as NSString
    while dir.length > 1 {
        dir = dir.deletingLastPathComponent as NSString
        if fm.fileExists(atPath: (dir as String) + "/pipelines/demo/pipeline.conf") { return (dir as String) + "/pipelines/demo" }
    }
    return "pipelines/demo"
}

var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { print(usage); exit(2) }
args.removeFirst()
if command == "--help" || command == "-h" || args.contains("--help") { print(usage); exit(0) }
var invoices: Int?
var seed: UInt64 = 1
var keep: String?
var demo: String?
var positional: [String] = []
var i = 0
while i < args.count {
    let a = args[i]
    func value() -> String {
        i += 1
        guard i < args.count else { fail("\(a) needs a value\n" + usage) }
        return args[i]
    }
    switch a {
    case "--invoices": guard let v = Int(value()), v > 0 else { fail("--invoices needs a positive number") }; invoices = v
    case "--seed": guard let v = UInt64(value()) else { fail("--seed needs a number") }; seed = v
    case "--keep": keep = value()
    case "--demo": demo = value()
    case "--rows": guard let v = Int(value()), v > 0 else { fail("--rows needs a positive number") }; invoices = v
    default:
        if a.hasPrefix("-") { fail("unknown option \(a)\n" + usage) }
        positional.append(a)
    }
    i += 1
}
if command == "kernels" && invoices == nil { invoices = 1_000_000 }
if command == "camt" {
    guard !positional.isEmpty else { fail("camt needs at least one FILE\n" + usage) }
    do { try Bench.camt(positional) } catch { fail("\(error)") }
    exit(0)
}
guard let n = invoices else { fail("--invoices N is required\n" + usage) }
let demoDir = demo.map { ($0 as NSString).isAbsolutePath ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 } ?? defaultDemo()

do {
    switch command {
    case "generate":
        guard positional.count == 1 else { fail("generate needs one OUT_DIR\n" + usage) }
        let out = positional[0]
        try FileTree.createDirectories(out)
        let stats = try Generator.generate(GeneratorOptions(invoices: n, seed: seed, outDir: out, demoDir: demoDir))
        print("generated \(stats.documents) documents (\(stats.creditNotes) credit notes), \(stats.customers) customers, \(stats.bankLines) bank lines, \(stats.holds) holds into \(out)")
    case "run":
        guard positional.isEmpty else { fail("run takes no positional argument\n" + usage) }
        exit(try Bench.run(invoices: n, seed: seed, keep: keep, demo: demoDir))
    case "kernels":
        exit(try Kernels.runAll(rows: n, keep: keep, demo: demoDir))
    case "kernel":
        guard positional.count == 1, let dir = keep else { fail("kernel NAME --rows N --keep DIR\n" + usage) }
        try Kernels.runOne(positional[0], rows: n, dir: dir, demo: demoDir)
    default:
        fail("unknown command \(command)\n" + usage)
    }
} catch {
    fail("\(error)")
}
