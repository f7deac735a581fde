namespace Oz.Testing;

/// <summary>A fixture base that gives each test a fresh temporary directory, <see cref="Temp"/>, deleted after the test.</summary>
public abstract class TempDirectoryFixture
{
    protected TempDirectory Temp { get; private set; } = null!;

    [SetUp]
    public void CreateTempDirectory() => Temp = new TempDirectory();

    [TearDown]
    public void DeleteTempDirectory() => Temp.Dispose();
}
