namespace Oz.Operator.Tests.Configuration;

public sealed class GoDurationTests
{
    private static readonly object[] Valid =
    [
        new object[] { "30s", TimeSpan.FromSeconds(30) },
        new object[] { "1h30m", TimeSpan.FromMinutes(90) },
        new object[] { "24h", TimeSpan.FromHours(24) },
        new object[] { "1.5h", TimeSpan.FromMinutes(90) },
        new object[] { "500ms", TimeSpan.FromMilliseconds(500) },
        new object[] { "2h45m30.5s", new TimeSpan(0, 2, 45, 30, 500) },
        new object[] { "10us", TimeSpan.FromTicks(100) },
        new object[] { "0", TimeSpan.Zero },
        new object[] { "-5m", TimeSpan.FromMinutes(-5) },
    ];

    [TestCaseSource(nameof(Valid))]
    public void ParsesGoDurations(string text, TimeSpan expected)
    {
        Assert.That(GoDuration.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("30")]
    [TestCase("1d")]
    [TestCase("h")]
    [TestCase("1h 30m")]
    [TestCase("30 s")]
    [TestCase(".s")]
    [TestCase("1.2.3s")]
    [TestCase("99999999999999999999h")]
    public void RejectsWhatGoRejects(string text) => Assert.That(GoDuration.TryParse(text, out _), Is.False);

    [TestCase("1h30m", "1h30m")]
    [TestCase("90s", "1m30s")]
    [TestCase("24h", "24h")]
    [TestCase("0s", "0s")]
    [TestCase("250ms", "250ms")]
    public void FormatsWithoutZeroComponents(string text, string expected)
    {
        GoDuration.TryParse(text, out var value);
        Assert.That(GoDuration.Format(value), Is.EqualTo(expected));
    }
}
