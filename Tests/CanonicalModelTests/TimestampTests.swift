import CanonicalModel
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test func parsesOffsetsToTheSameInstant() throws {
        let utc = try #require(Timestamp.parse("2026-11-27T02:15:30Z"))
        let shanghai = try #require(Timestamp.parse("2026-11-27T10:15:30+08:00"))
        let newYork = try #require(Timestamp.parse("2026-11-26T21:15:30-05:00"))
        #expect(utc == shanghai)
        #expect(utc == newYork)
        #expect(utc.timeIntervalSince1970 == 1_795_745_730)
    }

    @Test func keepsMilliseconds() throws {
        let date = try #require(Timestamp.parse("2026-11-27T10:15:30.250Z"))
        #expect(Timestamp.format(date) == "2026-11-27T10:15:30.250Z")
        #expect(Timestamp.format(try #require(Timestamp.parse("2026-11-27 10:15:30Z"))) == "2026-11-27T10:15:30Z")
    }

    @Test(arguments: ["2026-02-30T00:00:00Z", "2026-11-27T10:15:30", "2026-11-27", "2026-13-01T00:00:00Z", "yesterday", "2026-11-27T25:00:00Z"])
    func refusesInvalidTimestamps(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func roundTripsLeapDaysAndOldDates() throws {
        for text in ["2024-02-29T23:59:59Z", "1969-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2100-03-01T12:00:00Z"] {
            #expect(Timestamp.format(try #require(Timestamp.parse(text))) == text)
        }
    }

    @Test func fixedWidthTextSortsInTimeOrder() throws {
        let whole = try #require(Timestamp.parse("2026-11-27T13:18:03Z"))
        let later = try #require(Timestamp.parse("2026-11-27T13:18:03.382Z"))
        #expect(Timestamp.formatFixedWidth(whole) == "2026-11-27T13:18:03.000Z")
        #expect(Timestamp.formatFixedWidth(whole) < Timestamp.formatFixedWidth(later))
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1e18)) == "9999-12-31T23:59:59.999Z")
    }
}
