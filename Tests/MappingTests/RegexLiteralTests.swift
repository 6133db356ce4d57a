import Foundation
@testable import Mapping
import Testing

/// The literal prefilter of regular expressions: what it takes as required, and that it never changes an answer.
@Suite struct RegexLiteralTests {
    @Test(arguments: [
        ("#Cancelled\\s*$", "#Cancelled"), ("^ORD-[0-9]+", "ORD-"), ("abc?d", "ab"), ("ab+c", "ab"), ("x\\.y", "x.y"),
        ("a{2}bcd", "bcd"), ("(ab)cde", "cde"), ("[abc]de", "de"), ("[[a-z]&&[^x]]yz", "yz"),
    ])
    func takesTheLongestRunEveryMatchContains(pattern: String, literal: String) {
        #expect(RegexLiteral.required(in: pattern) == literal)
    }

    @Test(arguments: [
        "(?i)cancel", "cancel|void", "\\x41BC", "\\p{L}+", "\\QA.B\\E", "\\1abc", "[]a]", "^[1-9][0-9]*$", "a*", "(?!0001-)\\d{4}",
    ])
    func takesNoneWhereItCannotBeSure(pattern: String) {
        #expect(RegexLiteral.required(in: pattern) == nil)
    }

    @Test func givesTheSameAnswersAsTheRegularExpressionAlone() throws {
        let patterns = [
            "#Cancelled\\s*$", "(?i)cancel", "^ORD-[0-9]+", "abc?d", "x\\.y", "(ab)+cde", "[abc]de", "ab+c", "\\x41BC", "é+ü",
            "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$",
        ]
        let texts = [
            "", "PO-1#Cancelled", "PO-1#Cancelled  ", "po-1#cancelled", "CANCEL", "ORD-12", "xORD-", "abd", "abcd", "x.y", "xzy",
            "ababcde", "cde", "bde", "abbbc", "ac", "ABC", "éüü", "eu", "2020-01-01T10:00:00+01:00", "2020-01-01T10:00",
        ]
        for pattern in patterns {
            let box = try RegexBox(pattern)
            let plain = try NSRegularExpression(pattern: pattern)
            for text in texts {
                let expected = plain.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(box.matches(text) == expected, "\(pattern) on \(text)")
            }
        }
    }
}
