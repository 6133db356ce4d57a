import Foundation

/// Decimal text as mappings read and write it: `.` as the separator, whatever the machine's locale.
enum DecimalText {
    /// The locale every decimal is read and written in, made once.
    static let posix = Locale(identifier: "en_US_POSIX")
}
