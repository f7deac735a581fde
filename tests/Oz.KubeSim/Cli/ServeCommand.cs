using System.Runtime.InteropServices;

namespace Oz.KubeSim.Cli;

/// <summary><c>serve [--port N] [--crds DIR] [--kubeconfig FILE] [--speed X] [--rbac]</c>: serve until Ctrl-C.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = 0;
        string? crds = null;
        string? kubeconfig = null;
        var speed = 1.0;
        var verbose = false;
        var rbac = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port":
                    port = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--crds":
                    crds = Next();
                    break;
                case "--kubeconfig":
                    kubeconfig = Next();
                    break;
                case "--speed":
                    speed = double.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--rbac":
                    rbac = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"kubesim: unknown option {args[i]}");
                    return 2;
            }
        }

        if (crds is not null && !Directory.Exists(crds))
        {
            await Console.Error.WriteLineAsync($"kubesim: --crds: no such directory: {Path.GetFullPath(crds)} (a relative path is resolved against the current directory, {Environment.CurrentDirectory})");
            return 2;
        }

        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions { Port = port, CrdDirectory = crds, ClockSpeed = speed, ConsoleLog = verbose, Rbac = rbac });
        foreach (var skipped in sim.SkippedCrdDocuments)
        {
            await Console.Error.WriteLineAsync($"kubesim: --crds: skipped {skipped} (not a CustomResourceDefinition)");
        }

        if (kubeconfig is not null)
        {
            sim.WriteKubeconfig(kubeconfig);
        }

        Console.WriteLine($"kubesim: serving on {sim.Url}" + (kubeconfig is null ? "" : $" (kubeconfig: {kubeconfig})"));
        var stopped = new TaskCompletionSource();
        // SIGINT (Ctrl-C) and SIGTERM both stop the server cleanly.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stopped.Task;
        Console.WriteLine("kubesim: stopped");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }
}
