// A bare moto for the tests of the sandbox's parts (metrics, the CloudWatch front, the publisher); the pipeline tests
// start whole sandboxes of their own.
[assembly: AssemblyFixture(typeof(Chaos.Testing.MotoFixture))]
