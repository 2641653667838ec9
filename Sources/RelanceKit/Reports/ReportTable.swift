/// One report CSV: written in the machine dialect (`outputs.md`, Reports), and when the conf says
/// `excel_csv = yes`, again as `NAME.xls.csv` for French Excel (`;`, decimal commas, BOM).
struct ReportTable {
    let name: String
    private var machine = CSVWriter(style: .machine)
    private var excel: CSVWriter?

    init(_ name: String, header: [String], excel: Bool) {
        self.name = name
        machine.writeHeader(header)
        if excel {
            var e = CSVWriter(style: .frenchExcel)
            e.writeHeader(header)
            self.excel = e
        }
    }

    mutating func row(_ cells: [CSVCell]) {
        machine.writeRow(cells)
        excel?.writeRow(cells)
    }

    /// A row copied from another CSV file's row (see `CSVWriter.writeRow(copying:columns:numbers:)`).
    mutating func row(copying row: CSVRow, columns: [Int], numbers: [Bool]) {
        machine.writeRow(copying: row, columns: columns, numbers: numbers)
        excel?.writeRow(copying: row, columns: columns, numbers: numbers)
    }

    func write(to folder: String) throws(StoreError) {
        try AtomicFile.write(machine.bytes, to: folder + "/" + name + ".csv", syncDirectory: false)
        if let excel { try AtomicFile.write(excel.bytes, to: folder + "/" + name + ".xls.csv", syncDirectory: false) }
    }
}

extension Money {
    /// A report cell: the amount with `.` and the currency's minor digits.
    var cell: CSVCell { .number(machineString) }
}
