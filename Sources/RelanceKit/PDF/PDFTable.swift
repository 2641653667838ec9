/// A table of text cells: a header row repeated on every page it runs onto, body rows, and total
/// rows in bold at the end. Drawn with `PDFDocument.drawTable`.
public struct PDFTable: Sendable {
    public struct Column: Sendable {
        public var title: String
        /// In points.
        public var width: Double
        public var alignment: PDFPage.Alignment

        public init(_ title: String, width: Double, alignment: PDFPage.Alignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    /// One string per column; missing cells are blank, extra ones ignored. A left-aligned cell runs on
    /// over the empty cells that follow it; a cell still too wide is cut and ends with `…`.
    public var rows: [[String]]
    /// Rows drawn in bold after `rows`, kept together with the last body row.
    public var totals: [[String]]
    /// Points.
    public var fontSize: Double
    /// Distance between two rows, in points.
    public var rowHeight: Double

    public init(columns: [Column], rows: [[String]], totals: [[String]] = [], fontSize: Double = 9, rowHeight: Double = 14) {
        self.columns = columns
        self.rows = rows
        self.totals = totals
        self.fontSize = fontSize
        self.rowHeight = rowHeight
    }

    /// The sum of the column widths, in points.
    public var width: Double { columns.reduce(0) { $0 + $1.width } }
}

extension PDFDocument {
    /// Draws `table` with its top-left corner at (x, y) on the last page. When the next row would go
    /// below `bottomLimit` (points from the top of the page), a page is added and the table goes on at
    /// `continuationTop` under a repeated header. Returns the y just below the table, on the last page.
    @discardableResult
    public mutating func drawTable(_ table: PDFTable, x: Double, y: Double, bottomLimit: Double, continuationTop: Double) -> Double {
        if pages.isEmpty { addPage() }
        let padding = 3.0
        let h = table.rowHeight
        var top = y

        func drawRow(_ cells: [String], font: PDFFont) {
            var left = x
            let baseline = top + h - (h - table.fontSize * 0.72) / 2
            for (i, column) in table.columns.enumerated() {
                // A left-aligned cell may run on over the empty cells after it (a total's label such as
                // "Geforderter Betrag" under the narrow document column), as in a spreadsheet.
                var room = column.width
                if column.alignment == .left {
                    var j = i + 1
                    while j < table.columns.count && (j >= cells.count || cells[j].isEmpty) {
                        room += table.columns[j].width
                        j += 1
                    }
                }
                let cell = i < cells.count ? fitted(cells[i], width: room - 2 * padding, font: font, size: table.fontSize) : ""
                let anchor: Double
                switch column.alignment {
                case .left: anchor = left + padding
                case .center: anchor = left + column.width / 2
                case .right: anchor = left + column.width - padding
                }
                lastPage.text(cell, x: anchor, y: baseline, font: font, size: table.fontSize, align: column.alignment)
                left += column.width
            }
            top += h
        }

        func drawHeader() {
            lastPage.rectangle(x: x, y: top, width: table.width, height: h, paint: .fill(gray: 0.88))
            drawRow(table.columns.map(\.title), font: .helveticaBold)
            lastPage.line(x1: x, y1: top, x2: x + table.width, y2: top, lineWidth: 0.6)
        }

        func newPageIfNeeded(rowsNeeded: Int) {
            guard top + Double(rowsNeeded) * h > bottomLimit else { return }
            addPage(width: lastPage.width, height: lastPage.height)
            top = continuationTop
            drawHeader()
        }

        if top + 2 * h > bottomLimit { newPageIfNeeded(rowsNeeded: 2) } else { drawHeader() }
        for (i, row) in table.rows.enumerated() {
            // The last body row stays with the totals.
            newPageIfNeeded(rowsNeeded: i == table.rows.count - 1 ? 1 + table.totals.count : 1)
            drawRow(row, font: .helvetica)
        }
        if !table.totals.isEmpty {
            newPageIfNeeded(rowsNeeded: table.totals.count)
            lastPage.line(x1: x, y1: top, x2: x + table.width, y2: top, lineWidth: 0.6)
            for row in table.totals { drawRow(row, font: .helveticaBold) }
        }
        return top
    }

    /// `text`, cut and ended with `…` when wider than `width` points.
    private func fitted(_ text: String, width: Double, font: PDFFont, size: Double) -> String {
        if font.width(of: text, size: size) <= width { return text }
        var s = Substring(text)
        while !s.isEmpty, font.width(of: s + "…", size: size) > width { s = s.dropLast() }
        return s + "…"
    }
}
