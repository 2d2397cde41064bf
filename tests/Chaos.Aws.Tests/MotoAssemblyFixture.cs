// One moto server for the whole assembly, on a free loopback port, stopped at the end (see Chaos.Testing.MotoFixture).
// Test classes that need it take a MotoFixture in their constructor.
[assembly: AssemblyFixture(typeof(Chaos.Testing.MotoFixture))]
