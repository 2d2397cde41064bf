// One stack for every experiment of this assembly: settings validated once, the account checked, a fault left by a
// killed earlier run restored before the first experiment.
[assembly: AssemblyFixture(typeof(Chaos.Harness.ChaosStack))]
