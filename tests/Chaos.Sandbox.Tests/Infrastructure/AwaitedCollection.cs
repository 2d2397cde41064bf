namespace Chaos.Sandbox.Tests.Infrastructure;

[CollectionDefinition(AwaitedSandbox.Collection)]
public sealed class AwaitedCollection : ICollectionFixture<AwaitedSandbox>;
