namespace Oz.Chart.Tests.Support;

/// <summary>
/// Base of the fixtures that render the chart; each runs once per Helm major version
/// ([TestFixture(3)] [TestFixture(4)] on the derived class).
/// </summary>
public abstract class RenderingTestBase(int helmMajor)
{
    protected int HelmMajor { get; } = helmMajor;

    /// <summary>Renders with ci/default-values.yaml, then the given values files, then --set arguments.</summary>
    internal RenderedChart Render(string[]? valuesFiles = null, params string[] setArguments)
    {
        var result = Helm.Template(HelmMajor, ["default", .. valuesFiles ?? []], setArguments);
        Assert.That(result.ExitCode, Is.Zero, $"helm {HelmMajor} template failed: {result}");
        return new RenderedChart(ManifestLoader.LoadStrict(result.StandardOutput));
    }

    internal RenderedChart RenderWith(params string[] setArguments) => Render(null, setArguments);

    internal RenderedChart RenderRich() => Render(["rich"]);

    /// <summary>Renders with ci/default-values.yaml, then the given arguments, expecting any exit code.</summary>
    internal ProcessResult TemplateWith(params string[] arguments) => Helm.Template(HelmMajor, ["default"], arguments);

    /// <summary>Asserts that Helm refuses to render with ci/default-values.yaml and the given arguments, with an error that says each of <paramref name="messages"/>.</summary>
    internal void AssertRefused(string[] arguments, params string[] messages)
    {
        var result = TemplateWith(arguments);
        Assert.That(result.ExitCode, Is.Not.Zero, "rendered, but should have been refused");
        Assert.That(messages, Is.All.Matches<string>(m => result.StandardError.Contains(m, StringComparison.Ordinal)), result.StandardError);
    }

    /// <summary>Renders with only the given arguments (no default values file), expecting any exit code.</summary>
    internal ProcessResult TemplateRaw(params string[] arguments) => Helm.Template(HelmMajor, [], arguments);
}
