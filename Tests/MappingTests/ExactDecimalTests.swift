import Foundation
import Testing

@testable import Mapping

/// Mapping arithmetic is exact decimal arithmetic: the same answers as Foundation's Decimal where both are exact.
@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("12.50", "12.5"), ("-3", "-3"), ("+7", "7"), (".5", "0.5"), ("7.", "7"), ("0.000", "0"), ("-0.10", "-0.1"),
        ("00012", "12"), ("99999999999999999999999999999999999999", "99999999999999999999999999999999999999"),
    ])
    func readsAndWritesPlainDecimalText(text: String, written: String) throws {
        #expect(try #require(ExactDecimal(text)).text == written)
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "1e3", "0x10", "1,5", " 1", "--1", "1-", "nan", "999999999999999999999999999999999999999"])
    func refusesWhatIsNotAPlainDecimal(text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    @Test func arithmeticAgreesWithFoundationDecimal() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let a = ExactDecimal(significand: Int128(Int64.random(in: -99_999_999...99_999_999, using: &generator)), scale: Int.random(in: 0...6, using: &generator))
            let b = ExactDecimal(significand: Int128(Int64.random(in: -99_999...99_999, using: &generator)), scale: Int.random(in: 0...4, using: &generator))
            let x = try #require(Decimal(string: a.text)), y = try #require(Decimal(string: b.text))
            let sum = try #require(a.adding(b)), difference = try #require(a.subtracting(b)), product = try #require(a.multiplying(by: b))
            #expect(Decimal(string: sum.text) == x + y)
            #expect(Decimal(string: difference.text) == x - y)
            #expect(Decimal(string: product.text) == x * y)
            guard !b.isZero else { continue }
            var quotient = x / y, rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, 12, .plain)
            let divided = try #require(a.dividing(by: b))
            let ours = try #require(Decimal(string: divided.text))
            // Foundation divides to 38 digits and then rounds; ours is exact then rounded: equal to the last place.
            #expect(abs(ours - rounded) <= Decimal(string: "0.000000000001")!, "\(a.text) / \(b.text)")
        }
    }

    @Test func roundingFollowsItsRule() throws {
        let cases: [(String, Transform.RoundingRule, String)] = [
            ("2.345", .halfEven, "2.34"), ("2.355", .halfEven, "2.36"), ("2.345", .halfUp, "2.35"), ("2.345", .halfDown, "2.34"),
            ("2.3451", .halfDown, "2.35"), ("2.341", .up, "2.35"), ("2.349", .down, "2.34"), ("-2.345", .halfUp, "-2.35"),
            ("-2.345", .halfEven, "-2.34"), ("-2.341", .up, "-2.35"), ("-0.004", .halfUp, "0"), ("4.725", .halfEven, "4.72"),
        ]
        for (text, rule, expected) in cases {
            #expect(try #require(ExactDecimal(text)).rounded(places: 2, rule)?.text == expected, "\(text) \(rule)")
        }
        #expect(ExactDecimal("7.35")?.dividing(by: ExactDecimal("3")!)?.text == "2.45")
        #expect(ExactDecimal("1")?.dividing(by: ExactDecimal("3")!)?.text == "0.333333333333")
        #expect(ExactDecimal("2")?.dividing(by: ExactDecimal("3")!)?.text == "0.666666666667")
        #expect(ExactDecimal("99999999999999999999999999999999999999")?.multiplying(by: ExactDecimal("10")!) == nil)
    }
}
