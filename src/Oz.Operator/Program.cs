namespace Oz.Operator;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("oz-operator: the CLI is being written (issue 2).");
        return args.Length == 0 ? 1 : 1;
    }
}
