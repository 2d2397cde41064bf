using Chaos.Testing;

namespace Chaos.Rollback.Tests.Infrastructure;

/// <summary>One moto and one results table for the whole suite.</summary>
[CollectionDefinition(Name)]
public sealed class RollbackSuite : ICollectionFixture<MotoFixture>, ICollectionFixture<ScenarioTable>
{
    public const string Name = "rollback suite";
}
