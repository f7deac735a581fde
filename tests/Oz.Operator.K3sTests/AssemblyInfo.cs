// One K3s node serves every fixture; fixtures use their own namespaces, so a few may run at once.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(3)]
