/// A decimal number held exactly as an integer significand and a count of decimal places, for the arithmetic and
/// rounding of mappings: no floating point, no allocation, up to 38 significant digits.
struct ExactDecimal: Sendable, Equatable {
    /// The value times 10^scale.
    private(set) var significand: Int128
    /// Digits after the decimal point.
    private(set) var scale: Int

    static let zero = ExactDecimal(significand: 0, scale: 0)
    static let one = ExactDecimal(significand: 1, scale: 0)
    /// Most decimal places kept; a quotient is rounded to this many.
    static let maximumScale = 12

    init(significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    /// Reads `-12.50`, `+3`, `.5`, `7.`: an optional sign, digits and one optional point; nil for anything else
    /// (exponents, separators, more than 38 digits).
    init?(_ text: some StringProtocol) {
        var significand: Int128 = 0
        var scale = 0
        var digits = 0
        var negative = false
        var seenPoint = false
        var sawDigit = false
        var index = 0
        for byte in text.utf8 {
            defer { index += 1 }
            switch byte {
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: "+") where index == 0: continue
            case UInt8(ascii: ".") where !seenPoint: seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 38 else { return nil }
                sawDigit = true
                if significand != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                significand = significand * 10 + Int128(byte - UInt8(ascii: "0"))
                if seenPoint { scale += 1 }
            default: return nil
            }
        }
        guard sawDigit, scale <= 38 else { return nil }
        self.init(significand: negative ? -significand : significand, scale: scale)
    }

    /// The same value with `scale` decimal places (only ever more), nil when it does not fit.
    private func scaled(to target: Int) -> ExactDecimal? {
        guard target > scale else { return self }
        guard let factor = Self.powerOfTen(target - scale) else { return nil }
        let (value, overflow) = significand.multipliedReportingOverflow(by: factor)
        return overflow ? nil : ExactDecimal(significand: value, scale: target)
    }

    static func powerOfTen(_ exponent: Int) -> Int128? {
        guard exponent >= 0, exponent <= 38 else { return nil }
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// `self + other`, nil on overflow.
    func adding(_ other: ExactDecimal) -> ExactDecimal? {
        let target = max(scale, other.scale)
        guard let left = scaled(to: target), let right = other.scaled(to: target) else { return nil }
        let (sum, overflow) = left.significand.addingReportingOverflow(right.significand)
        return overflow ? nil : ExactDecimal(significand: sum, scale: target)
    }

    /// `self − other`, nil on overflow.
    func subtracting(_ other: ExactDecimal) -> ExactDecimal? {
        adding(ExactDecimal(significand: -other.significand, scale: other.scale))
    }

    /// `self × other`, nil on overflow; more than ``maximumScale`` places are rounded half away from zero.
    func multiplying(by other: ExactDecimal) -> ExactDecimal? {
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        guard !overflow else { return nil }
        let result = ExactDecimal(significand: product, scale: scale + other.scale)
        return result.scale > Self.maximumScale ? result.rounded(places: Self.maximumScale, .halfUp) : result
    }

    /// `self ÷ other` to ``maximumScale`` places, rounded half away from zero; nil on overflow or division by zero.
    func dividing(by other: ExactDecimal) -> ExactDecimal? {
        guard other.significand != 0 else { return nil }
        // q × 10^12 = A × 10^(12 − a + b) / B, for self = A × 10^−a and other = B × 10^−b.
        let exponent = Self.maximumScale - scale + other.scale
        var numerator = significand
        var denominator = other.significand
        if exponent >= 0 {
            guard let factor = Self.powerOfTen(exponent) else { return nil }
            let (value, overflow) = numerator.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            numerator = value
        } else {
            guard let factor = Self.powerOfTen(-exponent) else { return nil }
            let (value, overflow) = denominator.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            denominator = value
        }
        let quotient = Self.divide(numerator, by: denominator, .halfUp)
        return ExactDecimal(significand: quotient, scale: Self.maximumScale)
    }

    /// Rounded to `places` decimals by `rule`.
    func rounded(places: Int, _ rule: Transform.RoundingRule) -> ExactDecimal? {
        guard scale > places else { return self }
        guard let factor = Self.powerOfTen(scale - places) else { return nil }
        return ExactDecimal(significand: Self.divide(significand, by: factor, rule), scale: places)
    }

    /// `numerator ÷ denominator` as an integer, rounded by `rule`.
    private static func divide(_ numerator: Int128, by denominator: Int128, _ rule: Transform.RoundingRule) -> Int128 {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        guard remainder != 0 else { return quotient }
        let negative = (numerator < 0) != (denominator < 0)
        let twice = remainder.magnitude * 2
        let half = denominator.magnitude
        let awayFromZero: Bool
        switch rule {
        case .down: awayFromZero = false
        case .up: awayFromZero = true
        case .halfUp: awayFromZero = twice >= half
        case .halfDown: awayFromZero = twice > half
        case .halfEven: awayFromZero = twice > half || (twice == half && quotient % 2 != 0)
        }
        return awayFromZero ? quotient + (negative ? -1 : 1) : quotient
    }

    /// The magnitude in minor units of a currency with `exponent` decimals, truncated (saturating at the largest).
    func minorUnits(exponent: Int) -> UInt64 {
        let magnitude = significand.magnitude
        if exponent >= scale {
            guard let factor = Self.powerOfTen(exponent - scale) else { return UInt64.max }
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: UInt128(factor))
            return overflow ? UInt64.max : UInt64(clamping: product)
        }
        guard let divisor = Self.powerOfTen(scale - exponent) else { return 0 }
        return UInt64(clamping: magnitude / UInt128(divisor))
    }

    var isNegative: Bool { significand < 0 }
    var isZero: Bool { significand == 0 }

    /// Plain text without trailing zeros after the point: `12.5`, `-3`, `0`; never an exponent.
    var text: String {
        var value = significand
        var places = scale
        while places > 0, value % 10 == 0 {
            value /= 10
            places -= 1
        }
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        guard places > 0 else { return sign + digits }
        let padded = digits.count <= places ? String(repeating: "0", count: places - digits.count + 1) + digits : digits
        let point = padded.index(padded.endIndex, offsetBy: -places)
        return sign + padded[..<point] + "." + padded[point...]
    }
}
