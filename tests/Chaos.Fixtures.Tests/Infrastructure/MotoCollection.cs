using Chaos.Testing;

namespace Chaos.Fixtures.Tests.Infrastructure;

/// <summary>Test classes that talk to moto share one server: put them in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}
