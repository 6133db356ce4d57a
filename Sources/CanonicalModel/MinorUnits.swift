/// Converts decimal amount text to integer minor units of a currency, never through floating point.
public enum MinorUnits {
    /// Why an amount could not become minor units.
    public enum ParseError: Error, Sendable, Equatable {
        /// The text is not a plain decimal number.
        case notADecimal
        /// The amount has more fractional digits than the currency's exponent allows.
        case tooManyDecimals(allowed: Int)
        /// The amount does not fit in 64-bit minor units.
        case overflow
    }

    /// Parses text such as `"-12.5"` or `"1e2"`-free `"129.00"` into minor units for `exponent` digits.
    ///
    /// Trailing fractional zeros beyond the exponent are accepted (`"10.500"` for CNY is 1050).
    public static func parse(_ text: String, exponent: Int) throws(ParseError) -> Int64 {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var integerPart: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                guard !sawPoint else { throw .notADecimal }
                sawPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .notADecimal }
            sawDigit = true
            let digit = Int64(byte - UInt8(ascii: "0"))
            if sawPoint {
                if fractionDigits >= exponent {
                    guard digit == 0 else { throw .tooManyDecimals(allowed: exponent) }
                    continue
                }
                fraction = fraction * 10 + digit
                fractionDigits += 1
            } else {
                let (times10, overflow1) = integerPart.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { throw .overflow }
                integerPart = sum
            }
        }
        guard sawDigit else { throw .notADecimal }
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        var fractionScale: Int64 = 1
        for _ in fractionDigits..<exponent { fractionScale *= 10 }
        let (scaled, overflow1) = integerPart.multipliedReportingOverflow(by: scale)
        let (total, overflow2) = scaled.addingReportingOverflow(fraction * fractionScale)
        guard !overflow1, !overflow2 else { throw .overflow }
        return negative ? -total : total
    }

    /// Formats minor units back to decimal text with exactly `exponent` fractional digits.
    public static func format(_ minor: Int64, exponent: Int) -> String {
        guard exponent > 0 else { return String(minor) }
        let negative = minor < 0
        let magnitude = minor.magnitude
        var scale: UInt64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let fraction = String(magnitude % scale)
        let padded = String(repeating: "0", count: exponent - fraction.count) + fraction
        return (negative ? "-" : "") + String(magnitude / scale) + "." + padded
    }
}
