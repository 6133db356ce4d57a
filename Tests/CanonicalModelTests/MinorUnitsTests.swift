import CanonicalModel
import Testing

@Suite struct MinorUnitsTests {
    @Test(arguments: [
        ("129.00", 2, Int64(12900)), ("129", 2, 12900), ("0.5", 2, 50), ("-12.34", 2, -1234),
        ("5400", 0, 5400), ("1.234", 3, 1234), ("10.500", 2, 1050), ("0", 2, 0),
    ])
    func parsesDecimalsByExponent(text: String, exponent: Int, expected: Int64) throws {
        #expect(try MinorUnits.parse(text, exponent: exponent) == expected)
    }

    @Test func refusesMoreDecimalsThanTheCurrencyHas() {
        #expect(throws: MinorUnits.ParseError.tooManyDecimals(allowed: 2)) { try MinorUnits.parse("1.234", exponent: 2) }
        #expect(throws: MinorUnits.ParseError.tooManyDecimals(allowed: 0)) { try MinorUnits.parse("100.5", exponent: 0) }
    }

    @Test(arguments: ["", "abc", "1.2.3", "1e5", ".", "-", "12,50"])
    func refusesNonDecimals(text: String) {
        #expect(throws: MinorUnits.ParseError.notADecimal) { try MinorUnits.parse(text, exponent: 2) }
    }

    @Test func refusesOverflow() {
        #expect(throws: MinorUnits.ParseError.overflow) { try MinorUnits.parse("92233720368547758.08", exponent: 2) }
    }

    @Test func formatsBack() {
        #expect(MinorUnits.format(12900, exponent: 2) == "129.00")
        #expect(MinorUnits.format(-5, exponent: 2) == "-0.05")
        #expect(MinorUnits.format(1234, exponent: 3) == "1.234")
        #expect(MinorUnits.format(5400, exponent: 0) == "5400")
    }

    @Test func knowsCurrencyExponents() {
        #expect(Currency(code: "CNY")?.exponent == 2)
        #expect(Currency(code: "JPY")?.exponent == 0)
        #expect(Currency(code: "KWD")?.exponent == 3)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "cny") == nil)
    }
}
