// Ledger/FEC: reads a Fichier des Écritures Comptables (the French legal export of every
// accounting entry) into the receivables at an as-of date: documents with their open amounts,
// unapplied credits, the settled history and the bank cut-off (spec/inputs.md, "Ledger: FEC" and
// "Snapshots, statements and the bank cut-off").
//
// Only receivable lines (account prefix, default 411) are interpreted; other lines are counted
// and checked for their field count only. This folder never computes due dates (the caller does,
// from the terms) and never drops a bad line silently: each is a `Reject` with its line and column.

/// Reads FEC files.
///
/// ```swift
/// let ledger = FECReader.read(bytes: bytes, file: "fr/123456789FEC20261120.txt",
///                             options: FECOptions(entity: "FR", currency: .eur, asOf: asOf))
/// ```
public enum FECReader {
    /// The 18 standard column names, in their legal order.
    public static let standardColumns: [String] = FECColumn.allCases.map(\.rawValue)

    /// Whether a header looks like a FEC's: at least 12 of the 18 standard names (case-insensitive),
    /// so that a FEC missing a column is still recognised, and then rejected with the names.
    public static func isFEC(header: [String]) -> Bool {
        let names = Set(header.map(FECColumn.normalized))
        return FECColumn.allCases.count(where: { names.contains($0.rawValue.lowercased()) }) >= 12
    }

    /// Reads a whole FEC (UTF-8, else Windows-1252; TAB or `|`).
    ///
    /// Never throws: a file that cannot be a FEC gives one reject at line 0 and nothing else;
    /// bad lines are rejected one by one and the rest is read.
    public static func read(bytes: [UInt8], file: String, options: FECOptions) -> FECLedger {
        read(text: FileBytes(bytes), file: file, options: options)
    }

    /// `read(bytes:…)` of a file's bytes as the ingest holds them (mapped).
    static func read(text: FileBytes, file: String, options: FECOptions) -> FECLedger {
        var ledger = FECLedger()
        let reader = CSVReader(text: text, delimiter: text.withUnsafeBufferPointer(detectDelimiter))
        ledger.encoding = reader.encoding
        ledger.delimiter = reader.delimiter

        var row = CSVRow()
        do {
            guard try reader.next(into: &row) else {
                ledger.rejects.append(FECError.emptyFile.reject(file: file))
                return ledger
            }
        } catch {
            ledger.rejects.append(FECError.badRecord(error).reject(file: file))
            return ledger
        }
        let width = row.countIgnoringTrailingEmpty
        let header: FECHeader
        switch FECHeader.make(Array(row.strings().prefix(width))) {
        case .success(let h): header = h
        case .failure(let error):
            ledger.rejects.append(error.reject(file: file, raw: row.rawText))
            return ledger
        }

        let prefix = Array(options.receivablePrefix.utf8)
        var lines: [FECLine] = []
        // The sum of |amount| over kept lines stays within Int64, so no later sum can overflow.
        var magnitude: Int64 = 0
        var bankLatest: CivilDate?
        func reject(_ error: FECError, raw: String) {
            ledger.rowsRejected += 1
            ledger.rejects.append(error.reject(file: file, raw: raw))
        }

        while true {
            do {
                guard try reader.next(into: &row) else { break }
            } catch {
                // One record spoilt (a bad quote, a quote never closed, a field too large): the reader
                // stands after it, and the lines after it are read.
                ledger.rowsRead += 1
                reject(.badRecord(error), raw: row.rawText)
                continue
            }
            ledger.rowsRead += 1
            if row.count < width || row.countIgnoringTrailingEmpty > width {
                reject(.fieldCount(line: row.line, expected: width, found: row.count), raw: row.rawText)
                continue
            }
            guard row.withField(header.compteNum, { Self.hasPrefix($0, prefix) }) else { continue }
            switch parseLine(row, header: header, options: options) {
            case .failure(let error):
                reject(error, raw: row.rawText)
            case .success(let line):
                if line.entryDate > options.asOf {
                    ledger.linesAfterAsOf += 1
                    continue
                }
                let (sum, overflow) = magnitude.addingReportingOverflow(Int64(clamping: line.amount.magnitude))
                if overflow {
                    let column = header.name(Self.amountColumn(header))
                    reject(.badAmount(line: line.line, column: column, text: row.string(Self.amountColumn(header)),
                                      reason: "the file's amounts add up beyond the range Relance sums exactly"),
                           raw: row.rawText)
                    continue
                }
                magnitude = sum
                if line.journal == .bank { bankLatest = max(bankLatest ?? line.entryDate, line.entryDate) }
                lines.append(line)
            }
        }

        ledger.receivableLines = lines.count
        ledger.bankCutoff = options.bankBookedUntil ?? bankLatest
        let outcome = settle(lines, file: file, options: options)
        ledger.documents = outcome.documents
        ledger.unappliedCredits = outcome.unapplied
        ledger.settled = outcome.settled
        return ledger
    }

    // MARK: - Lines

    /// Types one receivable line.
    static func parseLine(_ row: CSVRow, header h: FECHeader, options: FECOptions) -> Result<FECLine, FECError> {
        let line = row.line
        func date(_ index: Int) -> Result<CivilDate?, FECError> {
            row.withField(index) { bytes in
                if isBlank(bytes) { return .success(nil) }
                switch CivilDate.parse(bytes, order: .dmy) {
                case .success(let d): return .success(d)
                case .failure(let reason):
                    return .failure(.badDate(line: line, column: h.name(index), text: trimmed(row, index), reason: reason))
                }
            }
        }
        func amount(_ index: Int) -> Result<Int64, FECError> {
            row.withField(index) { bytes in
                if isBlank(bytes) { return .success(0) }
                switch AmountParser.parse(bytes, minorDigits: options.currency.minorDigits, convention: .comma) {
                case .success(let p) where p.rounded:
                    return .failure(.badAmount(line: line, column: h.name(index), text: trimmed(row, index),
                                               reason: "more than \(options.currency.minorDigits) decimals"))
                case .success(let p): return .success(p.minorUnits)
                case .failure(let reason):
                    return .failure(.badAmount(line: line, column: h.name(index), text: trimmed(row, index),
                                               reason: reason.description))
                }
            }
        }

        let entryDate: CivilDate
        switch date(h.ecritureDate) {
        case .success(let d?): entryDate = d
        case .success(nil): return .failure(.missingValue(line: line, column: h.name(h.ecritureDate)))
        case .failure(let e): return .failure(e)
        }
        let pieceDate: CivilDate?
        switch date(h.pieceDate) {
        case .success(let d): pieceDate = d
        case .failure(let e): return .failure(e)
        }
        let letteredOn: CivilDate?
        switch date(h.dateLet) {
        case .success(let d): letteredOn = d
        case .failure(let e): return .failure(e)
        }

        let value: Int64
        switch h.amounts {
        case let .debitCredit(debit, credit):
            let d: Int64, c: Int64
            switch amount(debit) {
            case .success(let v): d = v
            case .failure(let e): return .failure(e)
            }
            switch amount(credit) {
            case .success(let v): c = v
            case .failure(let e): return .failure(e)
            }
            let (v, overflow) = d.subtractingReportingOverflow(c)
            if overflow {
                return .failure(.badAmount(line: line, column: h.name(debit), text: trimmed(row, debit), reason: "out of range"))
            }
            value = v
        case let .signed(amountIndex, sense):
            let a: Int64
            switch amount(amountIndex) {
            case .success(let v): a = v
            case .failure(let e): return .failure(e)
            }
            switch trimmed(row, sense).uppercased() {
            case "D", "+1", "1": value = a
            case "C", "-1": value = -a
            default: return .failure(.badSense(line: line, column: h.name(sense), text: trimmed(row, sense)))
            }
        }

        let aux = trimmed(row, h.compAuxNum)
        let customerID = aux.isEmpty ? trimmed(row, h.compteNum) : aux
        let customerName = aux.isEmpty ? trimmed(row, h.compteLib) : trimmed(row, h.compAuxLib)
        let entryNumber = trimmed(row, h.ecritureNum)
        let piece = trimmed(row, h.pieceRef)
        return .success(FECLine(
            line: line, journal: options.journalKind(row.string(h.journalCode)), entryNumber: entryNumber,
            entryDate: entryDate, customerID: customerID, customerName: customerName,
            document: piece.isEmpty ? entryNumber : piece, documentDate: pieceDate ?? entryDate, amount: value,
            letter: trimmed(row, h.ecritureLet), letteredOn: letteredOn))
    }

    // MARK: - Bytes

    /// TAB or `|`, whichever the first non-blank line has more of; nil (let the CSV reader
    /// detect) when it has neither.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var tabs = 0, pipes = 0, seen = false
        for b in bytes {
            if b == 0x0A || b == 0x0D {
                if seen { break }
                continue
            }
            if b != 0x20 { seen = true }
            if b == 0x09 { tabs += 1 } else if b == 0x7C { pipes += 1 }
        }
        if tabs == 0 && pipes == 0 { return nil }
        return pipes > tabs ? 0x7C : 0x09
    }

    static func hasPrefix(_ field: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        var i = 0
        while i < field.count && field[i] == 0x20 { i += 1 }
        guard field.count - i >= prefix.count else { return false }
        for (k, b) in prefix.enumerated() where field[i + k] != b { return false }
        return true
    }

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The field with blanks around removed.
    static func trimmed(_ row: CSVRow, _ index: Int) -> String {
        row.withField(index) { bytes in
            var start = 0, end = bytes.count
            while start < end && bytes[start] == 0x20 { start += 1 }
            while end > start && bytes[end - 1] == 0x20 { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    static func amountColumn(_ h: FECHeader) -> Int {
        switch h.amounts {
        case .debitCredit(let debit, _): return debit
        case .signed(let amount, _): return amount
        }
    }
}
