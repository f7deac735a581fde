// Fixtures render the chart through helm processes; two at a time keeps the run short on 2 cores.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
