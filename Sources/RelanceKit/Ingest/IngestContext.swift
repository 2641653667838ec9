/// What every inbox reader needs to know: the pipeline, the as-of, the customers already read
/// (their terms give due dates), and where rejects go.
struct IngestContext {
    let config: PipelineConfig
    let asOf: CivilDate
    var customers: CustomerDirectory = CustomerDirectory([])

    /// The decimal separator the conf imposes (`decimal_separator = ,` or `.` in [pipeline]), if any.
    var decimalConvention: DecimalConvention? = nil

    /// The entity of a row: the file's folder, else the row's `entity` column, else the only entity.
    func entity(folder: String?, column: String) -> Result<String, EntityError> {
        if let folder { return .success(folder) }
        if !column.isEmpty {
            if config.entities.contains(where: { $0.id == column }) { return .success(column) }
            return .failure(EntityError(message: "unknown entity `\(column)` (the conf has \(config.entities.map(\.id).joined(separator: ", ")))"))
        }
        if config.entities.count == 1 { return .success(config.entities[0].id) }
        return .failure(EntityError(message: "no entity: put the file under an entity's inbox_folder or add an `entity` column"))
    }
}

/// A row whose entity cannot be told.
struct EntityError: Error {
    let message: String
}

/// What reading one inbox file gave.
struct FileReadResult<Record> {
    var records: [Record] = []
    var rejects: [Reject] = []
    var rowsRead = 0
    var rowsRejected = 0
}
