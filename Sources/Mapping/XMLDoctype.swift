import CanonicalModel
import Glibc

/// The one DOCTYPE accepted: a root name with an external identifier (cXML's `<!DOCTYPE cXML SYSTEM "…cXML.dtd">`),
/// never loaded — no network, no file. An internal subset, any declaration and any entity reference are refused.
enum XMLDoctype {
    /// A DOCTYPE carrying an internal subset or declarations.
    static let declarationsRefused = PayloadError(
        .malformed, code: "xml_doctype_not_allowed",
        message: "a DOCTYPE with an internal subset or declarations is refused (no DTDs or entities); "
            + "a DOCTYPE naming only an external DTD is accepted and that DTD is never loaded"
    )

    /// An entity reference other than the five predefined ones: it could only be resolved by loading a DTD.
    static func entityReferenceRefused(_ name: String, line: Int) -> PayloadError {
        PayloadError(
            .malformed, code: "invalid_xml",
            message: "entity reference &\(name); at line \(line) cannot be resolved: DTDs are never loaded, only the predefined entities and character references are read",
            field: "line \(line)"
        )
    }

    /// Throws ``declarationsRefused`` when `bytes` hold a DOCTYPE with an internal subset (`[`…`]`), wherever it sits.
    ///
    /// Reads the bytes as ASCII-compatible text; documents in other encodings are checked by the parser's callbacks.
    static func check(_ bytes: [UInt8]) throws(PayloadError) {
        let refused = bytes.withUnsafeBytes { buffer -> Bool in
            guard buffer.count >= 9 else { return false }
            var offset = 0
            // `!` is far rarer in XML than `<`, so candidates are found by it.
            while let start = ByteSearch.firstOffset(of: doctypeKeyword, in: buffer, from: offset, anchor: 1) {
                if hasInternalSubset(buffer, from: start + 9) { return true }
                offset = start + 1
            }
            return false
        }
        if refused { throw declarationsRefused }
    }

    /// `<!DOCTYPE`, in static storage.
    private static var doctypeKeyword: UnsafeRawBufferPointer {
        let keyword: StaticString = "<!DOCTYPE"
        return UnsafeRawBufferPointer(start: keyword.utf8Start, count: keyword.utf8CodeUnitCount)
    }

    /// True when the declaration starting at `index` opens `[` outside a quoted literal before its closing `>`.
    private static func hasInternalSubset(_ buffer: UnsafeRawBufferPointer, from index: Int) -> Bool {
        var quote: UInt8?
        var position = index
        while position < buffer.count {
            let byte = buffer[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                return true
            } else if byte == UInt8(ascii: ">") {
                return false
            }
            position += 1
        }
        return false
    }
}
