using System.CommandLine;
using k8s;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Hosting;
using Oz.Operator.Tasks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Cli;

/// <summary>`oz-operator render --task FILE`: prints the Job the operator would create for an AgentTask.</summary>
public sealed class RenderCommand : ICliCommand
{
    public Command Create(CliContext context)
    {
        var command = new Command("render", "Print the Job YAML the operator would create for an AgentTask.");
        var task = new Option<string>("--task", "-t") { Description = "AgentTask YAML file.", HelpName = "file", Required = true };
        var configuration = new ConfigurationCliOptions();
        command.Options.Add(task);
        configuration.AddTo(command);
        command.SetAction(parse => Render(parse.GetRequiredValue(task), configuration.LoadOrReport(parse, context), context));
        return command;
    }

    private static int Render(string taskFile, Configuration.OperatorOptions? options, CliContext context)
    {
        if (options is null)
        {
            return ExitCodes.InvalidConfiguration;
        }

        if (UnavailableInNativeBuild.IsNativeBuild)
        {
            return UnavailableInNativeBuild.Report(context, "render", "its YAML goes through KubernetesClient's reflection-based YAML");
        }

        if (ReadTask(taskFile, out var error) is not { } task)
        {
            context.Error.WriteLine($"oz-operator: {error}");
            return ExitCodes.InvalidConfiguration;
        }

        // A task file without a namespace lands in the namespace the operator watches.
        task.Metadata.NamespaceProperty ??= options.Namespace;
        try
        {
            context.Output.Write(KubernetesYaml.Serialize(JobBuilder.Build(task, options)));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is NotImplementedException or InvalidOperationException or ArgumentException or FormatException)
        {
            context.Error.WriteLine($"oz-operator: cannot build the Job for {taskFile}: {e.Message}");
            return ExitCodes.RuntimeError;
        }
    }

    private static AgentTask? ReadTask(string file, out string error)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read task file '{file}': {e.Message}";
            return null;
        }

        // Check the kind first: deserializing any other object as an AgentTask would "succeed".
        var head = ReadTypeMeta(text);
        if (head is not { Kind: AgentTask.KindName, ApiVersion: AgentTask.GroupVersion })
        {
            error = $"'{file}' is not an AgentTask (expected apiVersion {AgentTask.GroupVersion} and kind {AgentTask.KindName}" +
                    (head is { } found ? $", found apiVersion '{found.ApiVersion}' and kind '{found.Kind}')" : ", found no single YAML object)");
            return null;
        }

        try
        {
            error = "";
            return KubernetesYaml.Deserialize<AgentTask>(text, strict: true);
        }
        catch (YamlException e)
        {
            error = $"'{file}' is not a valid AgentTask: {e.InnerException?.Message ?? e.Message}";
            return null;
        }
    }

    /// <summary>apiVersion and kind of a single-document YAML mapping; null when the text is not one.</summary>
    private static (string? ApiVersion, string? Kind)? ReadTypeMeta(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return null;
        }

        string? Field(string name) =>
            root.Children.TryGetValue(new YamlScalarNode(name), out var node) ? (node as YamlScalarNode)?.Value : null;

        return (Field("apiVersion"), Field("kind"));
    }
}
