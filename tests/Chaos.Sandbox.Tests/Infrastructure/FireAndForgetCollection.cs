namespace Chaos.Sandbox.Tests.Infrastructure;

[CollectionDefinition(FireAndForgetSandbox.Collection)]
public sealed class FireAndForgetCollection : ICollectionFixture<FireAndForgetSandbox>;
