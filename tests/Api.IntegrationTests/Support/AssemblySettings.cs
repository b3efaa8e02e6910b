// Test classes run in parallel, each in a collection of its own (xunit's default, so a new class needs no attribute):
// every class has its own database (a copy of the migrated template), its own Redis key prefix and its own hosts,
// and a host keeps its Hangfire storage and job activator in its own container (see AddInfrastructure), so
// nothing a test sees belongs to another class. Three at a time keeps two cores busy while classes wait on
// PostgreSQL, Redis and their background workers; `dotnet test -- xUnit.MaxParallelThreads=N` overrides it.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 3)]
