#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The element names the CAMT reader looks at, and element paths packed into a `UInt64`
/// (7 bits per level, up to 9 levels below an anchor: the statement, the entry or the transaction)
/// so that recognising a field costs one dictionary lookup per start tag.
enum CAMTTag: UInt8, CaseIterable {
    case other = 0
    case Id, Acct, IBAN, Othr, Ccy, Ntry, Amt, CdtDbtInd, RvslInd, Sts, Cd, Prtry, BookgDt, ValDt, Dt, DtTm
    case AcctSvcrRef, NtryDtls, TxDtls, Refs, EndToEndId, UETR, AmtDtls, TxAmt, InstdAmt, CcyXchg, SrcCcy, TrgtCcy
    case XchgRate, UnitCcy, Chrgs, TtlChrgsAndTaxAmt, Rcrd, ChrgInclInd, RltdPties, Dbtr, UltmtDbtr, DbtrAcct, Pty, Nm
    case RmtInf, Ustrd, Strd, CdtrRefInf, Tp, CdOrPrtry, Issr, Ref, AddtlTxInf, AddtlNtryInf, CreDtTm, GrpHdr
    case Stmt, Rpt, Ntfctn

    /// The names we look at, by hash, with their bytes to confirm a hit. A scanner keeps one (`shared`) in a
    /// stored property: a `static let` read on every start tag costs a `swift_once` check each time.
    struct Table: Sendable {
        private let byHash: CAMTPathTable<CAMTTag>
        /// Every tag's name, end to end; `starts[raw]..<starts[raw + 1]` is the tag's.
        private let names: [UInt8]
        private let starts: [Int]

        static let shared = Table()

        private init() {
            var t: [UInt64: CAMTTag] = [:]
            var names: [UInt8] = []
            var starts: [Int] = []
            for tag in CAMTTag.allCases {
                starts.append(names.count)
                names += Array(String(describing: tag).utf8)
                guard tag != .other else { continue }
                let bytes = Array(String(describing: tag).utf8)
                t[bytes.withUnsafeBufferPointer { CAMTTag.hash($0, 0..<$0.count) }] = tag
            }
            starts.append(names.count)
            self.byHash = CAMTPathTable(t)
            self.names = names
            self.starts = starts
        }

        /// The tag of the local name at `range` of `bytes`; `.other` for names we ignore.
        @inline(__always)
        func tag(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CAMTTag {
            guard range.count <= 20, let tag = byHash[CAMTTag.hash(bytes, range)] else { return .other }
            let raw = Int(tag.rawValue)
            let start = starts[raw]
            guard starts[raw + 1] - start == range.count else { return .other }
            return names.withUnsafeBufferPointer { name in
                memcmp(name.baseAddress! + start, bytes.baseAddress! + range.lowerBound, range.count) == 0 ? tag : .other
            }
        }
    }

    /// The tag of the local name at `range` of `bytes`; `.other` for names we ignore.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CAMTTag {
        Table.shared.tag(bytes, range)
    }

    /// FNV-1a, 64 bits.
    @inline(__always)
    fileprivate static func hash(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in range { h = (h ^ UInt64(b[k])) &* 0x100_0000_01b3 }
        return h
    }
}

/// A path of tags below an anchor, packed 7 bits per level; `overflow` when deeper than 9 levels.
enum CAMTPath {
    static let overflow: UInt64 = .max

    @inline(__always)
    static func child(_ parent: UInt64, _ tag: CAMTTag) -> UInt64 {
        if parent == overflow || parent >> 56 != 0 { return overflow }
        // +1 so that an ignored element (raw value 0) still changes the path.
        return parent << 7 | UInt64(tag.rawValue &+ 1)
    }

    static func of(_ tags: CAMTTag...) -> UInt64 {
        tags.reduce(0) { child($0, $1) }
    }
}

/// The leaves the reader keeps, each tied to its path below the statement, the entry or the transaction.
enum CAMTField: UInt8 {
    // Statement (below `Stmt`/`Rpt`/`Ntfctn`).
    case statementID, accountIBAN, accountOther, accountCurrency, statementCreated
    // Entry (below `Ntry`) and transaction (below `TxDtls`).
    case amount, creditDebit, reversal, status, statusCode, bookingDate, bookingDateTime, valueDate, valueDateTime
    case entryReference, additionalEntryInfo
    case transactionReference, endToEndID, uetr, transactionAmount, instructedAmount
    case sourceCurrency, targetCurrency, unitCurrency, exchangeRate
    case chargesTotal, chargeAmount, chargesIncluded
    case debtorName, ultimateDebtorName, debtorIBAN, unstructured, structuredRef, structuredRefCode, structuredRefIssuer
    case additionalTransactionInfo

    static let statement: [UInt64: CAMTField] = [
        CAMTPath.of(.Id): .statementID,
        CAMTPath.of(.Acct, .Id, .IBAN): .accountIBAN,
        CAMTPath.of(.Acct, .Id, .Othr, .Id): .accountOther,
        CAMTPath.of(.Acct, .Ccy): .accountCurrency,
        CAMTPath.of(.CreDtTm): .statementCreated,
    ]

    /// Fields common to the entry and the transaction level.
    private static let common: [UInt64: CAMTField] = {
        var t: [UInt64: CAMTField] = [
            CAMTPath.of(.Amt): .amount,
            CAMTPath.of(.CdtDbtInd): .creditDebit,
            CAMTPath.of(.AmtDtls, .TxAmt, .Amt): .transactionAmount,
            CAMTPath.of(.AmtDtls, .InstdAmt, .Amt): .instructedAmount,
            CAMTPath.of(.Chrgs, .TtlChrgsAndTaxAmt): .chargesTotal,
            CAMTPath.of(.Chrgs, .Amt): .chargeAmount,
            CAMTPath.of(.Chrgs, .Rcrd, .Amt): .chargeAmount,
            CAMTPath.of(.Chrgs, .ChrgInclInd): .chargesIncluded,
            CAMTPath.of(.Chrgs, .Rcrd, .ChrgInclInd): .chargesIncluded,
        ]
        for amt in [CAMTTag.TxAmt, .InstdAmt] {
            t[CAMTPath.of(.AmtDtls, amt, .CcyXchg, .SrcCcy)] = .sourceCurrency
            t[CAMTPath.of(.AmtDtls, amt, .CcyXchg, .TrgtCcy)] = .targetCurrency
            t[CAMTPath.of(.AmtDtls, amt, .CcyXchg, .UnitCcy)] = .unitCurrency
            t[CAMTPath.of(.AmtDtls, amt, .CcyXchg, .XchgRate)] = .exchangeRate
        }
        return t
    }()

    static let entry: [UInt64: CAMTField] = common.merging([
        CAMTPath.of(.RvslInd): .reversal,
        CAMTPath.of(.Sts): .status,
        CAMTPath.of(.Sts, .Cd): .statusCode,
        CAMTPath.of(.Sts, .Prtry): .statusCode,
        CAMTPath.of(.BookgDt, .Dt): .bookingDate,
        CAMTPath.of(.BookgDt, .DtTm): .bookingDateTime,
        CAMTPath.of(.ValDt, .Dt): .valueDate,
        CAMTPath.of(.ValDt, .DtTm): .valueDateTime,
        CAMTPath.of(.AcctSvcrRef): .entryReference,
        CAMTPath.of(.AddtlNtryInf): .additionalEntryInfo,
    ]) { a, _ in a }

    static let transaction: [UInt64: CAMTField] = {
        var t = common.merging([
            CAMTPath.of(.Refs, .AcctSvcrRef): .transactionReference,
            CAMTPath.of(.Refs, .EndToEndId): .endToEndID,
            CAMTPath.of(.Refs, .UETR): .uetr,
            CAMTPath.of(.RltdPties, .Dbtr, .Nm): .debtorName,
            CAMTPath.of(.RltdPties, .Dbtr, .Pty, .Nm): .debtorName,
            CAMTPath.of(.RltdPties, .UltmtDbtr, .Nm): .ultimateDebtorName,
            CAMTPath.of(.RltdPties, .UltmtDbtr, .Pty, .Nm): .ultimateDebtorName,
            CAMTPath.of(.RltdPties, .DbtrAcct, .Id, .IBAN): .debtorIBAN,
            CAMTPath.of(.RmtInf, .Ustrd): .unstructured,
            CAMTPath.of(.RmtInf, .Strd, .CdtrRefInf, .Ref): .structuredRef,
            CAMTPath.of(.RmtInf, .Strd, .CdtrRefInf, .Tp, .CdOrPrtry, .Cd): .structuredRefCode,
            CAMTPath.of(.RmtInf, .Strd, .CdtrRefInf, .Tp, .CdOrPrtry, .Prtry): .structuredRefCode,
            CAMTPath.of(.RmtInf, .Strd, .CdtrRefInf, .Tp, .Issr): .structuredRefIssuer,
            CAMTPath.of(.AddtlTxInf): .additionalTransactionInfo,
        ]) { a, _ in a }
        t.removeValue(forKey: CAMTPath.of(.Amt))
        t[CAMTPath.of(.Amt)] = .amount
        return t
    }()

    /// True for fields whose element carries a `Ccy` attribute.
    var isAmount: Bool {
        switch self {
        case .amount, .transactionAmount, .instructedAmount, .chargesTotal, .chargeAmount: return true
        default: return false
        }
    }
}
