// Hangfire keeps its configuration (log provider, current storage) in process-wide statics. Production
// runs one host per process; these tests start and stop many hosts, so they run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
