import Foundation
import Testing
@testable import RelanceKit

/// Throughput of `CAMTReader` on a generated ~100 MB camt.053. Run with `RELANCE_BENCH=1` on a release build:
/// `RELANCE_BENCH=1 swift test -c release --filter CAMTBenchmark`.
@Suite("CAMTBenchmark")
struct CAMTBenchmarkTests {
    @Test("reads a 100 MB statement", .enabled(if: ProcessInfo.processInfo.environment["RELANCE_BENCH"] == "1"))
    func throughput() throws {
        var text = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><GrpHdr><MsgId>B</MsgId></GrpHdr>\n<Stmt><Id>S</Id><Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>\n"
        var bytes = Array(text.utf8)
        var n = 0
        while bytes.count < 100_000_000 {
            n += 1
            text = """
              <Ntry>
                <Amt Ccy="EUR">\(n % 100000).\(n % 100)</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd><Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><DtTm>2026-11-02T10:15:00.123+01:00</DtTm></BookgDt><ValDt><Dt>2026-11-02</Dt></ValDt>
                <AcctSvcrRef>ACSR-\(n)</AcctSvcrRef>
                <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                <NtryDtls><TxDtls>
                  <Refs><EndToEndId>E2E-\(n)</EndToEndId><UETR>e1c5a6f0-0b6d-4c1e-9d9b-2a7f3b0b8a11</UETR></Refs>
                  <Amt Ccy="EUR">\(n % 100000).\(n % 100)</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                  <RltdPties><Dbtr><Pty><Nm>Dupont &amp; Fils SA</Nm><PstlAdr><StrtNm>Rue de la Loi</StrtNm><TwnNm>Bruxelles</TwnNm><Ctry>BE</Ctry></PstlAdr></Pty></Dbtr>
                    <DbtrAcct><Id><IBAN>BE71096123456769</IBAN></Id></DbtrAcct></RltdPties>
                  <RmtInf><Ustrd>Facture F2026-\(n) merci</Ustrd><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
                </TxDtls></NtryDtls>
                <AddtlNtryInf>VIREMENT SEPA</AddtlNtryInf>
              </Ntry>

            """
            bytes.append(contentsOf: text.utf8)
        }
        bytes.append(contentsOf: "</Stmt></BkToCstmrStmt></Document>\n".utf8)
        var best = Duration.seconds(1000)
        var bestCPU = Double.infinity
        var count = 0
        for _ in 0..<3 {
            // Thread CPU time as well as wall time: on a shared, loaded machine the wall clock mostly measures the others.
            var t0 = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0)
            let start = ContinuousClock.now
            let doc = try CAMTReader.read(bytes: bytes, file: "bench.xml", timeZone: "Europe/Brussels")
            best = min(best, ContinuousClock.now - start)
            var t1 = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1)
            bestCPU = min(bestCPU, Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) / 1e9)
            count = doc.transactions.count
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        let mb = Double(bytes.count) / 1e6
        print("CAMT benchmark: \(bytes.count) bytes, \(count) transactions: wall \(seconds) s = \(mb / seconds) MB/s, CPU \(bestCPU) s = \(mb / bestCPU) MB/s")
        #expect(count == n)
    }
}
