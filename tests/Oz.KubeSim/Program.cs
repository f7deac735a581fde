namespace Oz.KubeSim;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("kubesim: being written (issue 3).");
        return args.Length == 0 ? 1 : 1;
    }
}
