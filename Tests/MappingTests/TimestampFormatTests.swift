import CanonicalModel
import Foundation
@testable import Mapping
import Testing

/// Timestamp formats a mapping can name: ISO 8601 variants, RFC 2822, and date patterns.
@Suite struct TimestampFormatTests {
    let utc = TimeZone(identifier: "UTC")!
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func instant(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test(arguments: [
        ("2019-03-05T21:40:11+0000", "2019-03-05T21:40:11Z"), ("2019-03-05T21:40:11+00", "2019-03-05T21:40:11Z"),
        ("2019-03-05T21:40:11-0800", "2019-03-06T05:40:11Z"), ("2019-03-05 21:40:11.250+0530", "2019-03-05T16:10:11.250Z"),
        ("2019-03-05T21:40Z", "2019-03-05T21:40:00Z"), ("2019-03-05T21:40:11+05:30", "2019-03-05T16:10:11Z"),
    ])
    func iso8601TakesOffsetsWithOrWithoutAColon(text: String, expected: String) {
        #expect(TimestampFormat(kind: .iso8601, timeZone: utc).parse(text) == instant(expected))
    }

    @Test(arguments: [
        ("Tue, 05 Mar 2019 21:40:11 +0000", "2019-03-05T21:40:11Z"), ("5 Mar 2019 21:40 GMT", "2019-03-05T21:40:00Z"),
        ("tue, 05 mar 2019 13:40:11 PST (Pacific)", "2019-03-05T21:40:11Z"), ("Wed, 06 Mar 2019 05:40:11 +08:00", "2019-03-05T21:40:11Z"),
        ("Tue, 05 Mar 19 21:40:11 -0000", "2019-03-05T21:40:11Z"),
    ])
    func rfc2822DatesAsMailAndHTTPWriteThem(text: String, expected: String) {
        #expect(TimestampFormat(kind: .rfc2822, timeZone: utc).parse(text) == instant(expected))
    }

    @Test(arguments: [
        ("2011-08-22", "2011-08-21T16:00:00Z"), ("2011-08-22Z", "2011-08-22T00:00:00Z"), ("2011-08-22+02:00", "2011-08-21T22:00:00Z"),
        ("2013-07-01T05:10:10", "2013-06-30T21:10:10Z"), ("2011-08-22ZT12:00:00", "2011-08-22T12:00:00Z"),
        ("2011-08-22+02:00T12:00:00", "2011-08-22T10:00:00Z"), ("2022-02-01T12:30:00+05:00", "2022-02-01T07:30:00Z"),
        ("2022-02-01ZT12:30:00-01:00", "2022-02-01T13:30:00Z"), (" 2013-07-01 T05:10:10.5 ", "2013-06-30T21:10:10.500Z"),
        ("2024-02-29", "2024-02-28T16:00:00Z"), ("2022-02-01T12:30:00.1234567891Z", "2022-02-01T12:30:00.123456789Z"),
        ("2022-02-01T12:30:00+0500", "2022-02-01T07:30:00Z"), ("2022-02-01T12:30:00-05", "2022-02-01T17:30:00Z"),
    ])
    func xsdReadsXMLSchemaDatesAndTimesWithTheirZones(text: String, expected: String) {
        #expect(TimestampFormat(kind: .xsd, timeZone: shanghai).parse(text) == instant(expected))
    }

    @Test(arguments: ["01.02.2022", "2022-02-01T", "2022-02-01X", "2022-02-01T25:00:00", "2022-02-01T12:00:00+5", "20220201", "",
                            "2023-02-29", "2022-02-01T12:00:00+24:00", "2022-02-01T12:00:00.Z", "2022-02-01Z+01:00"])
    func xsdRefusesWhatIsNotOne(text: String) {
        #expect(TimestampFormat(kind: .xsd, timeZone: shanghai).parse(text) == nil)
    }

    @Test(arguments: ["Tue, 32 Mar 2019 21:40:11 +0000", "Tue, 05 Mars 2019 21:40:11 +0000", "Tue, 05 Mar 2019 21:40:11 +2500", "2019-03-05T21:40:11Z", "Foo, 05 Mar 2019 21:40:11 GMT"])
    func rfc2822RefusesWhatIsNotOne(text: String) {
        #expect(TimestampFormat(kind: .rfc2822, timeZone: utc).parse(text) == nil)
    }

    @Test func patternsReadWallTimeInTheMappingsZoneUnlessTheTextHasAnOffset() throws {
        func read(_ pattern: String, _ text: String, in zone: TimeZone? = nil) throws -> Date? {
            TimestampFormat(kind: .pattern(try TimestampPattern(pattern)), timeZone: zone ?? shanghai).parse(text)
        }
        #expect(try read("dd/MM/yyyy HH:mm", "05/03/2019 21:40") == instant("2019-03-05T13:40:00Z"))
        #expect(try read("d/M/yyyy H:mm", "5/3/2019 9:40") == instant("2019-03-05T01:40:00Z"))
        #expect(try read("yyyyMMddHHmmss", "20190305214011") == instant("2019-03-05T13:40:11Z"))
        #expect(try read("MM/dd/yyyy hh:mm a", "03/05/2019 09:40 PM") == instant("2019-03-05T13:40:00Z"))
        #expect(try read("MM/dd/yyyy hh:mm a", "03/05/2019 12:10 am") == instant("2019-03-04T16:10:00Z"))
        #expect(try read("dd.MM.yyyy", "05.03.2019") == instant("2019-03-04T16:00:00Z"))
        #expect(try read("EEE MMM dd HH:mm:ss yyyy", "Tue Mar 05 21:40:11 2019", in: utc) == instant("2019-03-05T21:40:11Z"))
        #expect(try read("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2019-03-05T21:40:11.5-0300") == instant("2019-03-06T00:40:11.500Z"))
        #expect(try read("dd/MM/yyyy HH:mm", "31/02/2019 21:40") == nil, "no 31st of February")
        #expect(try read("dd/MM/yyyy HH:mm", "05/03/2019 21:40 extra") == nil)
        #expect(try read("yyyyMMdd", "2019035") == nil)
    }

    @Test func badPatternsAreMappingCompileErrorsAtTheirLine() {
        for (pattern, fragment) in [("dd/MM/yyyy QQ", "QQ"), ("HH:mm", "needs a year"), ("dd/MM/yyyy hh:mm", "12-hour"), ("yyyy-MM-dd'T", "unclosed")] {
            let mapping = "channel: x\nevents:\n  - type: =OrderCancelled\n    channelOrderId: $.id\n    occurredAt: {path: $.at, as: timestamp, format: \"\(pattern)\"}\n"
            var compiler = MappingCompiler(file: "t.yaml")
            let error = #expect(throws: MappingError.self) { try compiler.compile(mapping) }
            #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
            #expect(error?.description.contains("t.yaml:5") == true, "\(String(describing: error))")
        }
    }
}
