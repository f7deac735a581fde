using Oz.KubeSim.Cli;

namespace Oz.KubeSim;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "serve")
        {
            return await ServeCommand.RunAsync(args[1..]);
        }

        await Console.Error.WriteLineAsync("usage: kubesim serve [--port N] [--crds DIR] [--kubeconfig FILE] [--speed X] [--verbose]");
        return 2;
    }
}
