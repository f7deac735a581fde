using Oz.Bench;

return await BenchCommand.RunAsync(args);
