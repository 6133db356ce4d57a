/// One CSV field with the 1-based column where it starts.
struct CSVField {
    let text: String
    let column: Int
}

/// One CSV record with the 1-based line where it starts.
struct CSVRecord {
    let line: Int
    let fields: [CSVField]
}

/// Splits CSV text (RFC 4180 quoting, comma separated) into records that remember their positions.
enum CSVRecords {
    /// Parses the whole text; blank lines are skipped.
    static func parse(_ text: String, file: String) throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [CSVField] = []
        var current = ""
        var fieldColumn = 1
        var column = 1
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var quoteColumn = 1
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0

        func endField() {
            fields.append(CSVField(text: current, column: fieldColumn))
            current = ""
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].text.isEmpty) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
        }

        while index < characters.count {
            let character = characters[index]
            index += 1
            if inQuotes {
                if character == "\"" {
                    if index < characters.count && characters[index] == "\"" {
                        current.unicodeScalars.append("\"")
                        index += 1
                        column += 2
                        continue
                    }
                    inQuotes = false
                    column += 1
                    continue
                }
                current.unicodeScalars.append(character)
                if character == "\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch character {
            case "\"":
                inQuotes = true
                quoteLine = line
                quoteColumn = column
                column += 1
            case ",":
                endField()
                column += 1
                fieldColumn = column
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                column = 1
                fieldColumn = 1
                recordLine = line
            default:
                current.unicodeScalars.append(character)
                column += 1
            }
        }
        if inQuotes {
            throw RoutingLoadError(file: file, line: quoteLine, column: quoteColumn, message: "unterminated quoted field")
        }
        endRecord()
        return records
    }
}
