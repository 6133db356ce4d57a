import CXMLElementTree
import CanonicalModel

/// Which readers may build an ``ElementTree``: the fast reader with libxml2 behind it (the product), or one alone
/// (tests comparing the two).
enum ElementTreeReaders: Int32 {
    case any = 0
    case libxml2Only = 1
    case fastOnly = 2

    /// Thrown with `.fastOnly` (tests only) when the fast reader leaves a document to libxml2.
    static let leftToLibXML2 = PayloadError(.malformed, code: "invalid_xml", message: "the fast XML reader alone was asked, and it leaves this document to libxml2")

    /// Whether the raw values are those of the C enum `CG_READ_*`.
    static func checkMatchesC() -> Bool {
        Int32(CG_READ_ANY) == any.rawValue && Int32(CG_READ_LIBXML2) == libxml2Only.rawValue && Int32(CG_READ_FAST) == fastOnly.rawValue
    }
}
